package org.blazedb.calcite;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.sql2rel.RelStructuredTypeFlattener;

/**
 * An INSERT or REPLACE into a BLZ table, before it is implemented (see
 * {@link EnumerableBlazeTableModify}). Calcite flattens the ROW columns of its input into leaf
 * columns; {@link SqlRowWriter} puts them back together.
 */
final class BlazeTableModify extends TableModify implements RelStructuredTypeFlattener.SelfFlatteningRel {
  final TableChange.Kind kind;

  BlazeTableModify(RelOptCluster cluster, RelTraitSet traits, RelOptTable table, Prepare.CatalogReader catalogReader,
      RelNode input, TableChange.Kind kind, boolean flattened) {
    super(cluster, traits, table, catalogReader, input, Operation.INSERT, null, null, flattened);
    this.kind = kind;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new BlazeTableModify(getCluster(), traitSet, getTable(), getCatalogReader(), sole(inputs), kind,
        isFlattened());
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).itemIf("kind", kind, kind != TableChange.Kind.INSERT);
  }

  @Override
  public void flattenRel(RelStructuredTypeFlattener flattener) {
    flattener.rewriteGeneric(this);
  }

  @Override
  public void register(RelOptPlanner planner) {
    planner.addRule(BlazeRules.TABLE_MODIFY);
  }
}
