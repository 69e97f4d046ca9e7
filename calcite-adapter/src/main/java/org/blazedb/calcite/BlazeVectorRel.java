package org.blazedb.calcite;

import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.Blocks;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.blazedb.engine.expr.Expr;

/**
 * A part of the plan that runs in BlazeDB's vectorized engine: scan, filter, projections and an
 * optional hash aggregate over one BLZ table ({@link VectorPlan}). Above it, Calcite's Enumerable
 * operators take its rows.
 */
public final class BlazeVectorRel extends AbstractRelNode implements EnumerableRel {
  final RelOptTable table;
  final VectorPlan plan;
  private final RelDataType outputType;
  private final double rows;

  BlazeVectorRel(RelOptCluster cluster, RelOptTable table, VectorPlan plan, RelDataType rowType, double rows) {
    super(cluster, cluster.traitSetOf(EnumerableConvention.INSTANCE));
    this.table = table;
    this.plan = plan;
    this.outputType = rowType;
    this.rows = rows;
  }

  @Override
  protected RelDataType deriveRowType() {
    return outputType;
  }

  @Override
  public double estimateRowCount(RelMetadataQuery mq) {
    return rows;
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    super.explainTerms(pw)
        .item("table", table.getQualifiedName())
        .item("backend", plan.backends())
        .item("fields", org.apache.calcite.linq4j.tree.Primitive.asList(plan.spec().fields()))
        .itemIf("zone", plan.spec().zone(), !plan.spec().zone().isEmpty())
        .itemIf("filter", plan.filter() == null ? "" : plan.filter().shape(), plan.filter() != null)
        .item("project", plan.projections().stream().map(Expr::shape).toList());
    if (plan.aggregate() != null) {
      pw.item("group", plan.aggregate().keys()).item("aggs", plan.aggregate().calls());
    }
    return pw;
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), JavaRowFormat.ARRAY);
    return implementor.result(physType, Blocks.toBlock(Expressions.call(
        implementor.stash(plan, VectorPlan.class), "rows", implementor.getRootExpression())));
  }

  /** The input references of a plan over {@code fields}: one column reference per scanned field. */
  static List<Expr> fieldRefs(List<org.blazedb.engine.vector.ValueType> types) {
    return java.util.stream.IntStream.range(0, types.size())
        .mapToObj(i -> types.get(i) == null ? null : (Expr) new Expr.ColumnRef(i, types.get(i)))
        .toList();
  }
}
