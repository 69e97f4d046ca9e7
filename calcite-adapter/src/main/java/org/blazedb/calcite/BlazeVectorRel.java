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
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.rel.type.RelDataType;
import org.blazedb.engine.expr.Expr;

/**
 * A part of the plan that runs in BlazeDB's vectorized engine ({@link VectorPlan}): scans,
 * filters, projections, hash joins and a hash aggregate. Above it, Calcite's Enumerable operators
 * take its rows.
 */
public final class BlazeVectorRel extends AbstractRelNode implements EnumerableRel {
  final VectorPlan plan;
  private final RelDataType outputType;
  private final double rows;
  private final RelNode replaced;

  /** The engine's plan for {@code replaced} (Calcite's), which estimates rows and distinct values for it. */
  BlazeVectorRel(VectorPlan plan, RelNode replaced, double rows) {
    super(replaced.getCluster(), replaced.getCluster().traitSetOf(EnumerableConvention.INSTANCE));
    this.plan = plan;
    this.outputType = replaced.getRowType();
    this.rows = rows;
    this.replaced = replaced;
  }

  /**
   * The distinct values of {@code groupKey}, as Calcite estimates them for the plan this one
   * replaced: join selectivities, and so build sides, depend on them.
   */
  Double distinctRowCount(RelMetadataQuery mq, ImmutableBitSet groupKey, RexNode predicate) {
    return mq.getDistinctRowCount(replaced, groupKey, predicate);
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
    super.explainTerms(pw);
    List<VectorPlan.Step> steps = plan.steps();
    if (plan.input() instanceof VectorPlan.Scan scan) {
      VectorPlan.CalcStep first = (VectorPlan.CalcStep) steps.getFirst();
      pw.item("table", scan.table().blz().name())
          .item("backend", plan.backends())
          .item("fields", org.apache.calcite.linq4j.tree.Primitive.asList(scan.spec().fields()))
          .itemIf("zone", scan.spec().zone(), !scan.spec().zone().isEmpty())
          .itemIf("filter", first.filter() == null ? "" : first.filter().shape(), first.filter() != null)
          .item("project", first.projections().stream().map(Expr::shape).toList());
      steps = steps.subList(1, steps.size());
    } else {
      pw.item("input", switch (plan.input()) {
        case VectorPlan.Materialized m -> m.plan().describe();
        case VectorPlan.Union u -> "union all of " + u.plans().stream().map(p -> "[" + p.describe() + "]").toList();
        case VectorPlan.Unnest u -> u.toString();
        case VectorPlan.Scan s -> throw new AssertionError(s);
      }).item("backend", plan.backends());
    }
    for (int s = 0; s < steps.size(); s++) {
      pw.item("step" + (s + 1), steps.get(s));
    }
    if (plan.aggregate() != null) {
      pw.item("group", plan.aggregate().keys()).item("aggs", plan.aggregate().calls());
    }
    if (plan.order() != null) {
      pw.item("sort", plan.order());
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
