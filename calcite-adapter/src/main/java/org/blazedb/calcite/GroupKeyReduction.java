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
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.tools.Program;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.ImmutableIntList;

/**
 * Filters the input of a GROUP BY that is joined on its group keys to the keys the other side of
 * the join has, when that side is much smaller: {@code L JOIN (SELECT k, agg FROM R GROUP BY k) ON
 * L.x = k} becomes {@code L JOIN (SELECT k, agg FROM (R SEMI JOIN (SELECT x FROM L) ON R.k = x)
 * GROUP BY k) ON L.x = k}. Groups without a partner could not join anyway, so the answer is the
 * same; the aggregation reads only the rows of the groups that count. This is what a decorrelated
 * subquery needs (TPC-H Q17, Q20: an average or a sum per part, for a few hundred parts out of
 * 200,000). L is computed twice; {@link #worthIt} says when that pays. It runs on the plan whose
 * joins are ordered (Enumerable operators, which the engine's rules then take over): before
 * ordering, the extra join changes the order chosen (TPC-H Q17 then joined lineitem last,
 * outside the engine).
 */
final class GroupKeyReduction {
  static final Program INSTANCE = new BottomUpProgram(rel -> rel instanceof EnumerableHashJoin join ? reduce(join) : rel);

  private static final double SMALLER = 4;
  private static final double REREAD = 1.25;

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
   * Whether the reduction pays, on estimates. {@code other} must be at least {@link #SMALLER} times
   * smaller than the aggregate's input, hold {@link #SMALLER} times fewer keys than it has groups,
   * and come out of a filter at least that selective: without a filter its keys are usually the
   * whole referenced table (TPC-H Q18's orders for lineitem's order keys), which estimates of
   * distinct values, absent statistics, do not show. Computing it again must read at most
   * {@link #REREAD} times the table rows the aggregate reads; Calcite's cumulative costs do not
   * tell Q17 (part joined to lineitem again, a cheap probe of a few thousand parts) from Q21 (the
   * other side holds the same decorrelated subqueries over lineitem as the aggregate: three scans).
   */
  private static boolean worthIt(Aggregate aggregate, List<Integer> inputKeys, RelNode other, List<Integer> otherKeys) {
    RelMetadataQuery mq = other.getCluster().getMetadataQuery();
    RelNode input = aggregate.getInput();
    Double otherRows = mq.getRowCount(other);
    Double inputRows = mq.getRowCount(input);
    Double otherKeyValues = mq.getDistinctRowCount(other, ImmutableBitSet.of(otherKeys), null);
    Double groups = mq.getDistinctRowCount(input, ImmutableBitSet.of(inputKeys), null);
    double otherRead = tableRowsRead(other);
    return otherRows != null && inputRows != null && otherKeyValues != null && groups != null
        && otherRows * SMALLER <= inputRows && otherKeyValues * SMALLER <= groups
        && otherRows * SMALLER <= otherRead && otherRead <= REREAD * tableRowsRead(input);
  }

  private static double tableRowsRead(RelNode rel) {
    if (rel instanceof TableScan scan) {
      return scan.getTable().getRowCount();
    }
    double rows = 0;
    for (RelNode input : rel.getInputs()) {
      rows += tableRowsRead(input);
    }
    return rows;
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
    if (!worthIt(aggregate, inputKeys, other, otherKeys)) {
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
