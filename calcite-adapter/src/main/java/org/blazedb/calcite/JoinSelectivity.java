package org.blazedb.calcite;

import java.util.List;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.ChainedRelMetadataProvider;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.metadata.MetadataDef;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.ReflectiveRelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * The selectivity of a join's key equalities as System R estimated it, 1 / the larger number of
 * distinct values of the two keys ({@link DistinctValues}), instead of Calcite's fixed 15% per
 * equality. Calcite's join ordering compares orders by their estimated rows; with the fixed guess
 * a join on 25 nation keys looked as selective as one on 150,000 customer keys. Keys of several
 * columns count their distinct combinations: multiplying each column's selectivity took TPC-H Q2's
 * partsupp joined to its lowest cost per part (on part and cost) for 4 rows instead of 190,000.
 */
public final class JoinSelectivity implements MetadataHandler<BuiltInMetadata.Selectivity> {
  /** Calcite's metadata with this estimate first, and distinct values of the engine's plans. */
  static final RelMetadataProvider PROVIDER = ChainedRelMetadataProvider.of(List.of(
      ReflectiveRelMetadataProvider.reflectiveSource(new JoinSelectivity(), BuiltInMetadata.Selectivity.Handler.class),
      ReflectiveRelMetadataProvider.reflectiveSource(new VectorDistinctValues(),
          BuiltInMetadata.DistinctRowCount.Handler.class),
      DefaultRelMetadataProvider.INSTANCE));

  private JoinSelectivity() {}

  /** Distinct values of an engine plan: those of the plan it replaced (joins above it are planned after it). */
  public static final class VectorDistinctValues implements MetadataHandler<BuiltInMetadata.DistinctRowCount> {
    @Override
    public MetadataDef<BuiltInMetadata.DistinctRowCount> getDef() {
      return BuiltInMetadata.DistinctRowCount.DEF;
    }

    public Double getDistinctRowCount(BlazeVectorRel rel, RelMetadataQuery mq, ImmutableBitSet groupKey,
        RexNode predicate) {
      if (groupKey.isEmpty()) { // Calcite's catch-all answers only for unique rows; a join asks of the side without the key
        return predicate == null || predicate.isAlwaysTrue() ? 1D : null;
      }
      return rel.distinctRowCount(mq, groupKey, predicate);
    }

    /**
     * Of a Calc whose key columns are input columns: those of its input under its condition.
     * Calcite answers for Project and Filter but not for Calc (null), which the plans at hand are.
     */
    public Double getDistinctRowCount(Calc calc, RelMetadataQuery mq, ImmutableBitSet groupKey, RexNode predicate) {
      if (predicate != null && !predicate.isAlwaysTrue()) {
        return null;
      }
      RexProgram program = calc.getProgram();
      ImmutableBitSet.Builder inputKey = ImmutableBitSet.builder();
      for (int k : groupKey) {
        if (!(program.expandLocalRef(program.getProjectList().get(k)) instanceof RexInputRef ref)) {
          return null;
        }
        inputKey.set(ref.getIndex());
      }
      RexNode condition = program.getCondition() == null ? null : program.expandLocalRef(program.getCondition());
      return mq.getDistinctRowCount(calc.getInput(), inputKey.build(), condition);
    }
  }

  @Override
  public MetadataDef<BuiltInMetadata.Selectivity> getDef() {
    return BuiltInMetadata.Selectivity.DEF;
  }

  public Double getSelectivity(Join join, RelMetadataQuery mq, RexNode predicate) {
    RexBuilder rexBuilder = join.getCluster().getRexBuilder();
    if (join.isSemiJoin()) { // as Calcite estimates it
      RexNode semi = RelMdUtil.makeSemiJoinSelectivityRexNode(mq, join);
      return mq.getSelectivity(join.getLeft(),
          predicate == null ? semi : rexBuilder.makeCall(SqlStdOperatorTable.AND, semi, predicate));
    }
    if (predicate == null) {
      return 1D;
    }
    JoinInfo info = JoinInfo.createWithStrictEquality(join.getLeft(), join.getRight(), predicate);
    double selectivity = RelMdUtil.guessSelectivity(info.getRemaining(rexBuilder));
    if (info.leftKeys.size() > 1) {
      Double left = mq.getDistinctRowCount(join.getLeft(), ImmutableBitSet.of(info.leftKeys), null);
      Double right = mq.getDistinctRowCount(join.getRight(), ImmutableBitSet.of(info.rightKeys), null);
      if (left != null && right != null) {
        return selectivity / Math.max(1, Math.max(left, right));
      }
    }
    for (int k = 0; k < info.leftKeys.size(); k++) {
      Double left = mq.getDistinctRowCount(join.getLeft(), ImmutableBitSet.of(info.leftKeys.get(k)), null);
      Double right = mq.getDistinctRowCount(join.getRight(), ImmutableBitSet.of(info.rightKeys.get(k)), null);
      selectivity *= left == null || right == null ? RelMdUtil.guessSelectivity(
          rexBuilder.makeCall(SqlStdOperatorTable.EQUALS, rexBuilder.makeLiteral(true), rexBuilder.makeLiteral(true)))
          : 1 / Math.max(1, Math.max(left, right));
    }
    return selectivity;
  }
}
