package org.blazedb.calcite;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumUtils;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.ParameterExpression;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.util.BuiltInMethod;

/**
 * Runs an INSERT, REPLACE, UPDATE or DELETE: the input's rows, as {@code Object[]}, go to a
 * {@link TableChange}, which commits once.
 */
final class EnumerableBlazeTableModify extends TableModify implements EnumerableRel {
  private final TableChange.Kind kind;

  EnumerableBlazeTableModify(RelOptCluster cluster, RelTraitSet traits, RelOptTable table,
      Prepare.CatalogReader catalogReader, RelNode input, TableChange.Kind kind, List<String> updateColumns,
      List<RexNode> sourceExpressions, boolean flattened) {
    super(cluster, traits, table, catalogReader, input, switch (kind) {
      case INSERT, REPLACE -> Operation.INSERT;
      case UPDATE -> Operation.UPDATE;
      case DELETE -> Operation.DELETE;
    }, updateColumns, sourceExpressions, flattened);
    this.kind = kind;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new EnumerableBlazeTableModify(getCluster(), traitSet, getTable(), getCatalogReader(), sole(inputs),
        kind, getUpdateColumnList(), getSourceExpressionList(), isFlattened());
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).itemIf("kind", kind, kind == TableChange.Kind.REPLACE);
  }

  @Override
  public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    BlockBuilder builder = new BlockBuilder();
    Result input = implementor.visitChild(this, 0, (EnumerableRel) getInput(), Prefer.ARRAY);
    Expression rows = builder.append("rows", input.block);
    // Hand over Object[] rows without casting values to the input's declared Java types: after
    // Calcite's type coercion a VALUES literal may still be, e.g., a BigDecimal in a DOUBLE column,
    // and SqlRowWriter converts by the value's own class anyway.
    PhysType inputType = input.physType;
    Expression arrays = switch (inputType.getFormat()) {
      case ARRAY -> rows;
      case SCALAR -> {
        ParameterExpression value = Expressions.parameter(Object.class, "value");
        yield builder.append("arrays", Expressions.call(rows, BuiltInMethod.SELECT.method,
            Expressions.lambda(Expressions.newArrayInit(Object.class, value), value)));
      }
      default -> {
        ParameterExpression row = Expressions.parameter(inputType.getJavaRowType(), "row");
        List<Expression> values = new ArrayList<>();
        for (int i = 0; i < inputType.getRowType().getFieldCount(); i++) {
          values.add(EnumUtils.convert(inputType.fieldReference(row, i), Object.class));
        }
        yield builder.append("arrays", Expressions.call(rows, BuiltInMethod.SELECT.method,
            Expressions.lambda(Expressions.newArrayInit(Object.class, values), row)));
      }
    };
    BlazeTable target = table.unwrapOrThrow(BlazeTable.class);
    List<String> names = target.blz().layout().root().names();
    int[] updated = getUpdateColumnList() == null ? new int[0]
        : getUpdateColumnList().stream().mapToInt(names::indexOf).toArray();
    TableChange change = new TableChange(target, kind, updated);
    Expression count = Expressions.call(implementor.stash(change, TableChange.class), "apply",
        Expressions.convert_(arrays, org.apache.calcite.linq4j.Enumerable.class));
    builder.add(Expressions.return_(null,
        Expressions.call(BuiltInMethod.SINGLETON_ENUMERABLE.method, Expressions.box(count))));
    PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(), JavaRowFormat.SCALAR);
    return implementor.result(physType, builder.toBlock());
  }
}
