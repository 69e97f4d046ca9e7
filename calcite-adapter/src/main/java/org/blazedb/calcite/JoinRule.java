package org.blazedb.calcite;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableHashJoin;
import org.apache.calcite.adapter.enumerable.EnumerableNestedLoopJoin;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexNode;
import org.blazedb.engine.exec.JoinType;
import org.blazedb.engine.expr.Expr;
import org.blazedb.engine.expr.UnsupportedExpressionException;
import org.blazedb.engine.kernel.KernelBackend;
import org.blazedb.engine.vector.ValueType;

/**
 * A hash join of two engine plans on equal keys, any further condition a residual. The smaller
 * input (by the planner's estimate) is the build side; a SEMI or ANTI join that builds on its
 * left input returns build rows (BUILD_SEMI, BUILD_ANTI). A join without equal keys
 * (Calcite's nested loop join: a cross join, or one with only a residual, as decorrelated
 * scalar subqueries give) is a hash join on no keys: every build row is in the one chain.
 */
final class JoinRule extends RelRule<RuleConfig> {
  static final RelOptRule INSTANCE = RuleConfig.of("BlazeVectorJoinRule",
      b0 -> b0.operand(Join.class)
          .predicate(j -> j instanceof EnumerableHashJoin || j instanceof EnumerableNestedLoopJoin).inputs(
          b1 -> b1.operand(BlazeVectorRel.class).noInputs(),
          b2 -> b2.operand(BlazeVectorRel.class).noInputs()),
      JoinRule::new).toRule();

  JoinRule(RuleConfig config) {
    super(config);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    Join join = call.rel(0);
    BlazeVectorRel left = call.rel(1);
    BlazeVectorRel right = call.rel(2);
    // IS NOT DISTINCT FROM is no key here (NULL would equal NULL): it stays in the residual
    JoinInfo info = JoinInfo.createWithStrictEquality(left, right, join.getCondition());
    JoinType type = switch (join.getJoinType()) {
      case INNER -> JoinType.INNER;
      case LEFT -> JoinType.LEFT;
      case RIGHT -> JoinType.RIGHT;
      case FULL -> JoinType.FULL;
      case SEMI -> JoinType.SEMI;
      case ANTI -> JoinType.ANTI;
      default -> null;
    };
    List<ValueType> leftTypes = left.plan.outputTypes();
    List<ValueType> rightTypes = right.plan.outputTypes();
    List<ValueType> keyTypes = new ArrayList<>();
    for (int k = 0; k < info.leftKeys.size(); k++) {
      ValueType l = leftTypes.get(info.leftKeys.get(k));
      ValueType r = rightTypes.get(info.rightKeys.get(k));
      if (!comparableKeys(l, r)) {
        return;
      }
      keyTypes.add(l);
    }
    if (type == null) {
      return;
    }
    RelMetadataQuery mq = call.getMetadataQuery();
    boolean swap = mq.getRowCount(left) < mq.getRowCount(right); // SEMI, ANTI become BUILD_SEMI, BUILD_ANTI
    BlazeVectorRel probe = swap ? right : left;
    BlazeVectorRel build = swap ? left : right;
    List<ValueType> probeTypes = swap ? rightTypes : leftTypes;
    // Calcite's fields (left, then right) as columns of the joined batch (probe, then build)
    List<Expr> joined = new ArrayList<>();
    for (int f = 0; f < leftTypes.size() + rightTypes.size(); f++) {
      boolean isLeft = f < leftTypes.size();
      int column = isLeft ? (swap ? rightTypes.size() + f : f) : (swap ? f - leftTypes.size() : f);
      joined.add(new Expr.ColumnRef(column, isLeft ? leftTypes.get(f) : rightTypes.get(f - leftTypes.size())));
    }
    KernelBackend backend = VectorRules.backend(left.plan.options(), Math.max(mq.getRowCount(left), mq.getRowCount(right)));
    Expr residual = null;
    RexNode remaining = info.getRemaining(join.getCluster().getRexBuilder());
    try {
      if (!remaining.isAlwaysTrue()) {
        residual = new RexToExpr(join.getCluster().getRexBuilder(), joined).translate(remaining);
      }
    } catch (UnsupportedExpressionException e) {
      return;
    }
    VectorPlan.JoinStep step = new VectorPlan.JoinStep(build.plan, swap ? info.rightKeys : info.leftKeys,
        swap ? info.leftKeys : info.rightKeys, keyTypes, swap ? type.swapped() : type, probeTypes, residual,
        residual == null ? null : KernelBackends.filter(backend, residual), (long) Math.min(1L << 40, mq.getRowCount(build)),
        mq.getRowCount(join) / Math.max(1, mq.getRowCount(probe)));
    VectorPlan plan = probe.plan.pipelined() ? ahead(probe.plan, step, backend) : null;
    if (plan == null) {
      plan = probe.plan.continued(step);
    }
    if (swap && !type.probeOnly()) { // back to Calcite's order: left columns, then right
      plan = plan.withStep(VectorPlan.CalcStep.compile(null, joined, backend));
    }
    VectorRules.replace(call, join, plan);
  }

  /**
   * The probe pipeline with {@code next} before its last step, when both are inner joins without
   * residuals, {@code next}'s keys read only columns from before that step, the last step's build
   * side keeps every row of its tables (so the join only widens the rows) while {@code next}'s
   * does not, and {@code next} is estimated to keep fewer rows; then the columns back in order.
   * Calcite's join ordering may leave a filtering join after one that only widens the rows (TPC-H
   * Q9 joined all of lineitem to supplier, gathering 6M rows of its columns, before the 5% of
   * parts named green); the engine's steps gather every column they add, so the filtering one
   * goes first. The estimates alone do not decide: without key statistics Calcite takes Q21's
   * join to the suppliers of one nation (4%) to multiply the rows, and the orders of status F
   * (half) to keep a tenth. Null otherwise.
   */
  private static VectorPlan ahead(VectorPlan plan, VectorPlan.JoinStep next, KernelBackend backend) {
    List<VectorPlan.Step> steps = plan.steps();
    if (steps.isEmpty() || !(steps.getLast() instanceof VectorPlan.JoinStep last) || !last.commutesWith(null, next)
        || last.build().mayDropRows() || !next.build().mayDropRows() || next.selectivity() >= last.selectivity()) {
      return null;
    }
    List<VectorPlan.Step> reordered = new ArrayList<>(steps.subList(0, steps.size() - 1));
    reordered.addAll(last.afterJoining(null, next, backend));
    return new VectorPlan(plan.input(), reordered, null, null, plan.options());
  }

  /** Keys the engine compares as Calcite does: the same type, or integers of any width. */
  private static boolean comparableKeys(ValueType l, ValueType r) {
    boolean integers = List.of(ValueType.Kind.TINYINT, ValueType.Kind.SMALLINT, ValueType.Kind.INTEGER,
        ValueType.Kind.BIGINT).containsAll(List.of(l.kind(), r.kind()));
    return (l.equals(r) && l.kind() != ValueType.Kind.DOUBLE) || integers;
  }
}
