package org.blazedb.calcite;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.adapter.enumerable.EnumerableHashJoin;
import org.apache.calcite.adapter.enumerable.EnumerableProject;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.tools.Program;
import org.apache.calcite.util.ImmutableIntList;

/**
 * Filters the input of a GROUP BY that is joined on its group keys to the keys the other side of
 * the join has, when that side is much smaller: {@code L JOIN (SELECT k, agg FROM R GROUP BY k) ON
 * L.x = k} becomes {@code L JOIN (SELECT k, agg FROM (R SEMI JOIN (SELECT x FROM L) ON R.k = x)
 * GROUP BY k) ON L.x = k}. Groups without a partner could not join anyway, so the answer is the
 * same; the aggregation reads only the rows of the groups that count. This is what a decorrelated
 * subquery needs (TPC-H Q17, Q20, Q2: an average, sum or minimum per part, for a few hundred
 * parts out of 200,000). L is computed twice; it is used only when estimated at least
 * {@link #SMALLER} times smaller than R. It runs on the plan whose joins are ordered (Enumerable
 * operators, which the engine's rules then take over): before ordering, the extra join changes
 * the order chosen (TPC-H Q17 then joined lineitem last, outside the engine).
 */
final class GroupKeyReduction {
  static final Program INSTANCE = new BottomUpProgram(rel -> rel instanceof EnumerableHashJoin join ? reduce(join) : rel);

  private static final double SMALLER = 4;

  private GroupKeyReduction() {}

  private static RelNode reduce(EnumerableHashJoin join) {
    JoinInfo info = join.analyzeCondition();
    if (info.leftKeys.isEmpty()) {
      return join;
    }
    JoinRelType type = join.getJoinType();
    RelNode left = join.getLeft();
    RelNode right = join.getRight();
    // The reduced side's groups without a partner must not reach the output.
    if (type == JoinRelType.INNER || type == JoinRelType.LEFT || type == JoinRelType.SEMI) {
      RelNode reduced = reduce(right, info.rightKeys, left, info.leftKeys);
      if (reduced != null) {
        return join.copy(join.getTraitSet(), join.getCondition(), left, reduced, type, join.isSemiJoinDone());
      }
    }
    if (type == JoinRelType.INNER || type == JoinRelType.RIGHT || type == JoinRelType.SEMI) {
      RelNode reduced = reduce(left, info.leftKeys, right, info.rightKeys);
      if (reduced != null) {
        return join.copy(join.getTraitSet(), join.getCondition(), reduced, right, type, join.isSemiJoinDone());
      }
    }
    return join;
  }

  /**
   * {@code side} with the input of its aggregate semi-joined to the keys of {@code other}, or
   * null when {@code side} is not an aggregate (under projections and filters) joined on group
   * keys, or not big enough beside {@code other}.
   */
  private static RelNode reduce(RelNode side, ImmutableIntList sideKeys, RelNode other, ImmutableIntList otherKeys) {
    List<RelNode> above = new ArrayList<>();
    List<Integer> keys = new ArrayList<>(sideKeys);
    RelNode node = side;
    while (!(node instanceof Aggregate)) {
      if (node instanceof Project || node instanceof Calc) {
        List<RexNode> projects = node instanceof Project project ? project.getProjects()
            : ((Calc) node).getProgram().getProjectList().stream().map(((Calc) node).getProgram()::expandLocalRef).toList();
        for (int i = 0; i < keys.size(); i++) {
          if (!(projects.get(keys.get(i)) instanceof RexInputRef ref)) {
            return null;
          }
          keys.set(i, ref.getIndex());
        }
      } else if (!(node instanceof Filter)) {
        return null;
      }
      above.add(node);
      node = node.getInput(0);
    }
    Aggregate aggregate = (Aggregate) node;
    if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
      return null;
    }
    List<Integer> inputKeys = new ArrayList<>();
    for (int key : keys) {
      if (key >= aggregate.getGroupCount()) {
        return null; // joined on an aggregate's value, not on a group key
      }
      inputKeys.add(aggregate.getGroupSet().nth(key));
    }
    RelMetadataQuery mq = side.getCluster().getMetadataQuery();
    Double otherRows = mq.getRowCount(other);
    Double inputRows = mq.getRowCount(aggregate.getInput());
    if (otherRows == null || inputRows == null || otherRows * SMALLER > inputRows) {
      return null;
    }
    RexBuilder rex = side.getCluster().getRexBuilder();
    List<RexNode> otherKeyRefs = otherKeys.stream().map(k -> (RexNode) RexInputRef.of(k, other.getRowType())).toList();
    RelNode keysOfOther = EnumerableProject.create(other, otherKeyRefs,
        RexUtil.createStructType(rex.getTypeFactory(), otherKeyRefs, null, null));
    RelNode input = aggregate.getInput();
    int width = input.getRowType().getFieldCount();
    List<RexNode> equal = new ArrayList<>();
    for (int i = 0; i < inputKeys.size(); i++) {
      equal.add(rex.makeCall(SqlStdOperatorTable.EQUALS, RexInputRef.of(inputKeys.get(i), input.getRowType()),
          new RexInputRef(width + i, otherKeyRefs.get(i).getType())));
    }
    RelNode filtered = EnumerableHashJoin.create(input, keysOfOther, RexUtil.composeConjunction(rex, equal),
        Set.of(), JoinRelType.SEMI);
    RelNode reduced = aggregate.copy(aggregate.getTraitSet(), List.of(filtered));
    for (int i = above.size() - 1; i >= 0; i--) {
      RelNode rel = above.get(i);
      reduced = rel.copy(rel.getTraitSet(), List.of(reduced));
    }
    return reduced;
  }
}
