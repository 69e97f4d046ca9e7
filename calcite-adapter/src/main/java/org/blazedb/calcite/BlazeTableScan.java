package org.blazedb.calcite;

import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.Primitive;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.adapter.enumerable.EnumerableRules;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;

/**
 * Scans a BLZ table: only the columns of the projected fields (or nested paths) are read, and only
 * the chunks whose min/max can satisfy the pushed-down comparisons.
 */
public final class BlazeTableScan extends TableScan implements EnumerableRel {
  final BlazeTable blazeTable;
  final ScanSpec spec;
  final int[] fields;

  BlazeTableScan(RelOptCluster cluster, RelOptTable table, BlazeTable blazeTable, ScanSpec spec) {
    super(cluster, cluster.traitSetOf(EnumerableConvention.INSTANCE), List.of(), table);
    this.blazeTable = blazeTable;
    this.spec = spec;
    this.fields = spec.fields();
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new BlazeTableScan(getCluster(), table, blazeTable, spec);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw)
        .item("fields", Primitive.asList(fields))
        .itemIf("read", spec.paths(), spec.paths() != null)
        .itemIf("zone", spec.zone(), !spec.zone().isEmpty());
  }

  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    return super.estimateRowCount(mq) * blazeTable.chunkFraction(spec.zone());
  }

  @Override
  public RelDataType deriveRowType() {
    List<RelDataTypeField> all = table.getRowType().getFieldList();
    RelDataTypeFactory.Builder builder = getCluster().getTypeFactory().builder();
    for (int field : fields) {
      builder.add(all.get(field));
    }
    return builder.build();
  }

  @Override
  public void register(RelOptPlanner planner) {
    planner.addRule(BlazeRules.PROJECT_SCAN);
    planner.addRule(BlazeRules.PROJECT_FILTER_SCAN);
    planner.addRule(BlazeRules.FILTER_SCAN);
    planner.addRule(BlazeRules.UPDATE_DELETE);
    // Calcite's own would plan UPDATE and DELETE against a modifiable collection, which BLZ tables
    // do not have (and no other table here is modifiable).
    planner.removeRule(EnumerableRules.ENUMERABLE_TABLE_MODIFICATION_RULE);
    if (blazeTable.options().vectorized()) {
      // The engine joins by hashing; a merge join's sorts of both inputs would stay Calcite's.
      planner.removeRule(EnumerableRules.ENUMERABLE_MERGE_JOIN_RULE);
    }
  }

  @Override
  public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    // Fewer columns and fewer chunks read is cheaper: the planner then prefers the pruned scan.
    double columns = (storedColumnsRead() + 2D) / (blazeTable.blz().layout().columns().size() + 2D);
    // A scan that can skip chunks wins ties: with one chunk, or before data arrives, it costs the same.
    double chunks = spec.zone().isEmpty() ? 1 : 0.99 * Math.max(0.01, blazeTable.chunkFraction(spec.zone()));
    return super.computeSelfCost(planner, mq).multiplyBy(columns * chunks);
  }

  /** How many stored columns the scan reads: those at or below its paths. */
  private long storedColumnsRead() {
    List<String> paths = spec.paths() != null ? spec.paths() : java.util.Arrays.stream(fields)
        .mapToObj(f -> blazeTable.blz().layout().root().children().get(f).path()).toList();
    return blazeTable.blz().layout().columns().stream()
        .filter(c -> paths.stream().anyMatch(p -> c.path().equals(p) || c.path().startsWith(p + ".")
            || c.path().startsWith(p + "[")))
        .count();
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    // Rows are always Object[] (a bare value for one field), whatever format the consumer prefers.
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), JavaRowFormat.ARRAY);
    // The table object itself goes into the generated code: table functions have no schema path.
    Expression table = implementor.stash(blazeTable, BlazeTable.class);
    return implementor.result(physType, Blocks.toBlock(
        Expressions.call(table, "scan", implementor.getRootExpression(), implementor.stash(spec, ScanSpec.class))));
  }
}
