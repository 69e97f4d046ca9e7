package org.blazedb.calcite;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableCalc;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;
import org.blazedb.engine.datashape.StringShape;
import org.blazedb.engine.exec.AggregateCall;
import org.blazedb.engine.expr.Expr;
import org.blazedb.engine.expr.UnsupportedExpressionException;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.storage.blz.BlzBatchSource;
import org.blazedb.storage.blz.ColumnNode;
import org.blazedb.storage.blz.Encoding;

/**
 * Rules that hand the parts of a physical plan the vectorized engine supports to it, run after
 * Calcite's optimization: a Calc (filter and projections) over a BLZ scan, an aggregate over
 * that, and the remaining plain scans each become one {@link BlazeVectorRel}. Anything with an
 * expression, type or aggregate the engine does not compute exactly as Calcite stays as it was.
 */
final class VectorRules {
  private VectorRules() {}

  static final RelOptRule CALC_SCAN = RuleConfig.of("BlazeVectorCalcRule",
      b0 -> b0.operand(EnumerableCalc.class).oneInput(b1 -> b1.operand(BlazeTableScan.class).noInputs()),
      CalcScanRule::new).toRule();

  static final RelOptRule AGGREGATE = RuleConfig.of("BlazeVectorAggregateRule",
      b0 -> b0.operand(Aggregate.class).predicate(a -> a.getConvention() == EnumerableConvention.INSTANCE)
          .oneInput(b1 -> b1.operand(BlazeVectorRel.class).predicate(v -> v.plan.aggregate() == null).noInputs()),
      AggregateRule::new).toRule();

  static final RelOptRule SCAN = RuleConfig.of("BlazeVectorScanRule",
      b0 -> b0.operand(BlazeTableScan.class).noInputs(), ScanRule::new).toRule();

  /** The rules in order: filters and projections, then aggregates above them, then bare scans. */
  static final Program PROGRAM = Programs.of(new HepProgramBuilder()
      .addMatchOrder(HepMatchOrder.BOTTOM_UP)
      .addRuleInstance(CALC_SCAN)
      .addRuleInstance(SCAN)
      .addRuleInstance(AGGREGATE)
      .build(), true, org.apache.calcite.rel.metadata.DefaultRelMetadataProvider.INSTANCE);

  /** The engine type of each field a scan outputs, or null where the engine cannot read it. */
  static List<ValueType> fieldTypes(BlazeTableScan scan) {
    ColumnNode.Struct root = scan.blazeTable.blz().layout().root();
    List<RelDataTypeField> fields = scan.getRowType().getFieldList();
    List<ValueType> types = new ArrayList<>();
    for (int f = 0; f < scan.fields.length; f++) {
      types.add(fieldType(root.children().get(scan.fields[f]), fields.get(f).getType()));
    }
    return types;
  }

  private static ValueType fieldType(ColumnNode node, RelDataType sqlType) {
    if (!(node instanceof ColumnNode.Leaf leaf) || !BlzBatchSource.readable(leaf.encoding())) {
      return null;
    }
    try {
      ValueType type = RexToExpr.type(sqlType);
      boolean stored = switch (type.kind()) {
        case VARCHAR -> leaf.encoding() == Encoding.VARLEN && leaf.shape() instanceof StringShape;
        case DOUBLE -> leaf.encoding() == Encoding.FLOAT64;
        default -> leaf.encoding() != Encoding.VARLEN && leaf.encoding() != Encoding.FLOAT64;
      };
      return stored ? type : null;
    } catch (UnsupportedExpressionException e) {
      return null;
    }
  }

  private static boolean usable(BlazeTableScan scan) {
    return scan.blazeTable.options().vectorized() && scan.spec.paths() == null && scan.fields.length > 0;
  }

  private static final class CalcScanRule extends RelRule<RuleConfig> {
    CalcScanRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      EnumerableCalc calc = call.rel(0);
      BlazeTableScan scan = call.rel(1);
      if (!usable(scan)) {
        return;
      }
      List<ValueType> types = fieldTypes(scan);
      RexToExpr translator = new RexToExpr(calc.getCluster().getRexBuilder(), BlazeVectorRel.fieldRefs(types));
      RexProgram program = calc.getProgram();
      try {
        Expr filter = program.getCondition() == null ? null : translator.translate(program.expandLocalRef(program.getCondition()));
        List<Expr> projections = new ArrayList<>();
        for (RexNode e : program.expandList(program.getProjectList())) {
          projections.add(translator.translate(e));
        }
        for (Expr e : projections) {
          if (e.type().kind() == ValueType.Kind.VARCHAR && !(e instanceof Expr.ColumnRef)) {
            return; // computed strings stay Calcite's
          }
        }
        VectorPlan plan = VectorPlan.compile(scan.blazeTable, scan.spec, types, filter, projections, null,
            scan.blazeTable.options());
        call.transformTo(new BlazeVectorRel(calc.getCluster(), scan.getTable(), plan, calc.getRowType(),
            call.getMetadataQuery().getRowCount(calc)));
      } catch (UnsupportedExpressionException e) {
        // stays Calcite's
      }
    }
  }

  private static final class ScanRule extends RelRule<RuleConfig> {
    ScanRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      BlazeTableScan scan = call.rel(0);
      if (!usable(scan)) {
        return;
      }
      List<ValueType> types = fieldTypes(scan);
      if (types.contains(null)) {
        return;
      }
      VectorPlan plan = VectorPlan.compile(scan.blazeTable, scan.spec, types, null, BlazeVectorRel.fieldRefs(types),
          null, scan.blazeTable.options());
      call.transformTo(new BlazeVectorRel(scan.getCluster(), scan.getTable(), plan, scan.getRowType(),
          call.getMetadataQuery().getRowCount(scan)));
    }
  }

  private static final class AggregateRule extends RelRule<RuleConfig> {
    AggregateRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      Aggregate aggregate = call.rel(0);
      BlazeVectorRel input = call.rel(1);
      if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
        return;
      }
      VectorPlan plan = input.plan;
      List<AggregateCall> calls = new ArrayList<>();
      try {
        for (org.apache.calcite.rel.core.AggregateCall c : aggregate.getAggCallList()) {
          calls.add(aggregateCall(c, plan.projections()));
        }
      } catch (UnsupportedExpressionException e) {
        return;
      }
      VectorPlan.Aggregation grouping = new VectorPlan.Aggregation(aggregate.getGroupSet().asList(), calls);
      VectorPlan aggregated = VectorPlan.compile(plan.table(), plan.spec(), plan.fieldTypes(), plan.filter(),
          plan.projections(), grouping, plan.options());
      call.transformTo(new BlazeVectorRel(aggregate.getCluster(), input.table, aggregated, aggregate.getRowType(),
          call.getMetadataQuery().getRowCount(aggregate)));
    }

    private static AggregateCall aggregateCall(org.apache.calcite.rel.core.AggregateCall c, List<Expr> inputs) {
      if (c.filterArg >= 0 || c.isApproximate() || !c.getCollation().getFieldCollations().isEmpty()
          || c.distinctKeys != null || c.getArgList().size() > 1 || c.ignoreNulls()) {
        throw new UnsupportedExpressionException(c.toString());
      }
      AggregateCall.Function function = switch (c.getAggregation().getKind()) {
        case COUNT -> AggregateCall.Function.COUNT;
        case SUM -> AggregateCall.Function.SUM;
        case SUM0 -> AggregateCall.Function.SUM0;
        case MIN -> AggregateCall.Function.MIN;
        case MAX -> AggregateCall.Function.MAX;
        case AVG -> AggregateCall.Function.AVG;
        default -> throw new UnsupportedExpressionException(c.getAggregation().getName());
      };
      int input = c.getArgList().isEmpty() ? -1 : c.getArgList().getFirst();
      ValueType inputType = input < 0 ? null : inputs.get(input).type();
      RelDataType result = c.getType();
      ValueType resultType = RexToExpr.type(result);
      if (function == AggregateCall.Function.COUNT && input < 0 && c.isDistinct()) {
        throw new UnsupportedExpressionException(c.toString());
      }
      if (resultType.kind() == ValueType.Kind.DOUBLE && inputType != null && inputType.kind() != ValueType.Kind.DOUBLE
          && function != AggregateCall.Function.COUNT) {
        throw new UnsupportedExpressionException(c + " to DOUBLE");
      }
      return new AggregateCall(function, input, c.isDistinct(), inputType, resultType);
    }
  }
}
