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
import org.apache.calcite.adapter.enumerable.EnumerableLimit;
import org.apache.calcite.adapter.enumerable.EnumerableUnion;
import org.apache.calcite.plan.hep.HepRelVertex;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;
import org.blazedb.engine.datashape.StringShape;
import org.blazedb.engine.exec.AggregateCall;
import org.blazedb.engine.exec.OrderBy;
import org.blazedb.engine.kernel.KernelBackend;
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

  static final RelOptRule SCAN = RuleConfig.of("BlazeVectorScanRule",
      b0 -> b0.operand(BlazeTableScan.class).noInputs(), ScanRule::new).toRule();

  static final RelOptRule CALC = RuleConfig.of("BlazeVectorCalcOverVectorRule",
      b0 -> b0.operand(EnumerableCalc.class).oneInput(b1 -> b1.operand(BlazeVectorRel.class).noInputs()),
      CalcRule::new).toRule();

  static final RelOptRule AGGREGATE = RuleConfig.of("BlazeVectorAggregateRule",
      b0 -> b0.operand(Aggregate.class).predicate(a -> a.getConvention() == EnumerableConvention.INSTANCE)
          .oneInput(b1 -> b1.operand(BlazeVectorRel.class).noInputs()),
      AggregateRule::new).toRule();

  static final RelOptRule SORT = RuleConfig.of("BlazeVectorSortRule",
      b0 -> b0.operand(Sort.class).predicate(r -> r.getConvention() == EnumerableConvention.INSTANCE)
          .oneInput(b1 -> b1.operand(BlazeVectorRel.class).predicate(v -> v.plan.order() == null).noInputs()),
      SortRule::new).toRule();

  static final RelOptRule LIMIT = RuleConfig.of("BlazeVectorLimitRule",
      b0 -> b0.operand(EnumerableLimit.class).oneInput(b1 -> b1.operand(BlazeVectorRel.class)
          .predicate(v -> v.plan.order() != null && v.plan.order().offset() == 0 && v.plan.order().fetch() < 0)
          .noInputs()),
      LimitRule::new).toRule();

  static final RelOptRule UNION = RuleConfig.of("BlazeVectorUnionRule",
      b0 -> b0.operand(EnumerableUnion.class).anyInputs(), UnionRule::new).toRule();

  /**
   * Filters and projections fused into the scans below them first; then, bottom-up until nothing
   * changes, the remaining scans and whatever sits on engine plans: calcs, aggregates, hash joins,
   * sorts, limits and unions; and UNNESTs of tables' arrays (a Calc on the elements lifted above
   * them and merged with the one there).
   */
  static final Program PROGRAM = Programs.of(new HepProgramBuilder()
      .addMatchOrder(HepMatchOrder.BOTTOM_UP)
      .addRuleInstance(CALC_SCAN)
      .addRuleCollection(List.of(SCAN, CALC, AGGREGATE, JoinRule.INSTANCE, SORT, LIMIT, UNION, UnnestRule.LIFT_ELEMENT_CALC,
          CoreRules.CALC_MERGE, UnnestRule.INSTANCE))
      .build(), true, JoinSelectivity.PROVIDER); // its estimates pick the build side

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

  static ValueType fieldType(ColumnNode node, RelDataType sqlType) {
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

  static boolean usable(BlazeTableScan scan) {
    return scan.blazeTable.options().vectorized() && scan.spec.paths() == null && scan.fields.length > 0;
  }

  /** Replaces {@code rel} by an engine plan with its row type and estimated rows. */
  static void replace(RelOptRuleCall call, RelNode rel, VectorPlan plan) {
    call.transformTo(new BlazeVectorRel(plan, rel, call.getMetadataQuery().getRowCount(rel)));
  }

  /** The kernel backend for expressions over about {@code rows} rows. */
  static KernelBackend backend(ExecutionOptions options, double rows) {
    KernelBackend backend = KernelBackends.get(options.backend());
    return rows < options.llvmMinRows() ? KernelBackends.tiered(backend) : backend;
  }

  /** A scan with its filter and projections, or null if an expression is not the engine's. */
  private static VectorPlan scanPlan(BlazeTableScan scan, List<ValueType> types, RexProgram program) {
    ExecutionOptions options = scan.blazeTable.options();
    KernelBackend backend = backend(options, scan.blazeTable.blz().snapshot().rows());
    VectorPlan.Scan input = new VectorPlan.Scan(scan.blazeTable, scan.spec, types);
    List<Expr> fields = BlazeVectorRel.fieldRefs(types);
    VectorPlan.CalcStep calc = program == null ? VectorPlan.CalcStep.compile(null, fields, backend)
        : calcStep(program, fields, scan.getCluster().getRexBuilder(), backend);
    return calc == null ? null : new VectorPlan(input, List.of(calc), null, null, options);
  }

  /** The engine's filter and projections of a Calc over {@code inputs}, or null if it cannot compute them. */
  static VectorPlan.CalcStep calcStep(RexProgram program, List<Expr> inputs, RexBuilder rexBuilder,
      KernelBackend backend) {
    RexToExpr translator = new RexToExpr(rexBuilder, inputs);
    try {
      Expr filter = program.getCondition() == null ? null : translator.translate(program.expandLocalRef(program.getCondition()));
      List<Expr> projections = new ArrayList<>();
      for (RexNode e : program.expandList(program.getProjectList())) {
        Expr p = translator.translate(e);
        if (p.type().kind() == ValueType.Kind.VARCHAR && !(p instanceof Expr.ColumnRef)) {
          return null; // computed strings stay Calcite's
        }
        projections.add(p);
      }
      return VectorPlan.CalcStep.compile(filter, projections, backend);
    } catch (UnsupportedExpressionException e) {
      return null;
    }
  }

  private static final class CalcScanRule extends RelRule<RuleConfig> {
    CalcScanRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      EnumerableCalc calc = call.rel(0);
      BlazeTableScan scan = call.rel(1);
      if (usable(scan)) {
        VectorPlan plan = scanPlan(scan, fieldTypes(scan), calc.getProgram());
        if (plan != null) {
          replace(call, calc, plan);
        }
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
      List<ValueType> types = usable(scan) ? fieldTypes(scan) : null;
      if (types != null && !types.contains(null)) {
        replace(call, scan, scanPlan(scan, types, null));
      }
    }
  }

  private static final class CalcRule extends RelRule<RuleConfig> {
    CalcRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      EnumerableCalc calc = call.rel(0);
      BlazeVectorRel input = call.rel(1);
      VectorPlan plan = input.plan;
      VectorPlan.CalcStep step = calcStep(calc.getProgram(), BlazeVectorRel.fieldRefs(plan.outputTypes()),
          calc.getCluster().getRexBuilder(), backend(plan.options(), input.estimateRowCount(call.getMetadataQuery())));
      if (step != null) {
        replace(call, calc, plan.continued(step));
      }
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
      List<ValueType> inputTypes = plan.outputTypes();
      List<AggregateCall> calls = new ArrayList<>();
      List<Expr> constants = new ArrayList<>(); // of each call, the value of a LITERAL_AGG, else null
      try {
        for (org.apache.calcite.rel.core.AggregateCall c : aggregate.getAggCallList()) {
          boolean literal = c.getAggregation().getKind() == SqlKind.LITERAL_AGG;
          constants.add(literal ? new RexToExpr(aggregate.getCluster().getRexBuilder(), List.of())
              .translate(c.rexList.getFirst()) : null);
          if (!literal) {
            calls.add(aggregateCall(c, inputTypes));
          }
        }
      } catch (UnsupportedExpressionException e) {
        return;
      }
      KernelBackend backend = backend(plan.options(), input.estimateRowCount(call.getMetadataQuery()));
      List<Integer> keys = aggregate.getGroupSet().asList();
      VectorPlan folded = DistinctAggregates.fold(plan, keys, calls, backend);
      if (folded != null) {
        plan = folded;
      } else {
        if (!plan.pipelined()) { // an aggregate of an aggregate's (or a sort's) rows
          plan = plan.continued(VectorPlan.CalcStep.compile(null, BlazeVectorRel.fieldRefs(inputTypes),
              KernelBackends.get("java")));
        }
        if (keys.isEmpty() && calls.stream().allMatch(c -> c.input() < 0)) {
          plan = plan.withoutColumns();
        }
        plan = plan.withAggregate(VectorPlan.Aggregation.compile(keys, calls, backend));
      }
      if (calls.size() < constants.size()) {
        plan = plan.continued(VectorPlan.CalcStep.compile(null, withConstants(plan.outputTypes(),
            aggregate.getGroupCount(), constants), backend));
      }
      replace(call, aggregate, plan);
    }

    /**
     * The aggregate's columns with the constants of its LITERAL_AGG calls in their places: Calcite's
     * rewrite of {@code x NOT IN (subquery)} marks the subquery's values so (TPC-H Q16).
     */
    private static List<Expr> withConstants(List<ValueType> types, int keys, List<Expr> constants) {
      List<Expr> columns = new ArrayList<>();
      int next = 0;
      for (; next < keys; next++) {
        columns.add(new Expr.ColumnRef(next, types.get(next)));
      }
      for (Expr constant : constants) {
        columns.add(constant != null ? constant : new Expr.ColumnRef(next, types.get(next++)));
      }
      return columns;
    }

    private static AggregateCall aggregateCall(org.apache.calcite.rel.core.AggregateCall c, List<ValueType> inputs) {
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
      ValueType inputType = input < 0 ? null : inputs.get(input);
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

  /** ORDER BY, with OFFSET and FETCH if it has them (constants only). */
  private static final class SortRule extends RelRule<RuleConfig> {
    SortRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      Sort sort = call.rel(0);
      BlazeVectorRel input = call.rel(1);
      List<OrderBy.Key> keys = new ArrayList<>();
      for (RelFieldCollation field : sort.getCollation().getFieldCollations()) {
        RelFieldCollation.NullDirection nulls = field.nullDirection == RelFieldCollation.NullDirection.UNSPECIFIED
            ? field.direction.defaultNullDirection() : field.nullDirection;
        keys.add(new OrderBy.Key(field.getFieldIndex(), field.direction.isDescending(),
            nulls == RelFieldCollation.NullDirection.FIRST));
      }
      OrderBy order = orderBy(keys, sort.offset, sort.fetch);
      if (order != null) {
        replace(call, sort, input.plan.withOrder(order));
      }
    }
  }

  /**
   * OFFSET and FETCH over a sorted engine plan: a top-N. Over an unsorted one they stay Calcite's,
   * which stops reading the engine's rows (and so its workers) once it has them.
   */
  private static final class LimitRule extends RelRule<RuleConfig> {
    LimitRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      EnumerableLimit limit = call.rel(0);
      BlazeVectorRel input = call.rel(1);
      OrderBy order = orderBy(input.plan.order().keys(), limit.offset, limit.fetch);
      if (order != null) {
        replace(call, limit, input.plan.withOrder(order));
      }
    }
  }

  /** The sort, or null if OFFSET or FETCH is not a constant (a parameter). */
  private static OrderBy orderBy(List<OrderBy.Key> keys, RexNode offset, RexNode fetch) {
    if ((offset != null && !(offset instanceof RexLiteral)) || (fetch != null && !(fetch instanceof RexLiteral))) {
      return null;
    }
    return new OrderBy(keys, offset == null ? 0 : ((RexLiteral) offset).getValueAs(Long.class),
        fetch == null ? -1 : ((RexLiteral) fetch).getValueAs(Long.class));
  }

  /** UNION ALL of engine plans of the same column types; UNION (distinct) groups its rows by every column. */
  private static final class UnionRule extends RelRule<RuleConfig> {
    UnionRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      EnumerableUnion union = call.rel(0);
      List<VectorPlan> plans = new ArrayList<>();
      for (RelNode input : union.getInputs()) {
        if (!((input instanceof HepRelVertex v ? v.getCurrentRel() : input) instanceof BlazeVectorRel rel)) {
          return;
        }
        plans.add(rel.plan);
      }
      List<ValueType> types = plans.getFirst().outputTypes();
      if (plans.stream().anyMatch(p -> !p.outputTypes().equals(types))) {
        return; // Calcite would widen some to a common type
      }
      List<Expr> columns = BlazeVectorRel.fieldRefs(types);
      VectorPlan plan = new VectorPlan(new VectorPlan.Union(plans),
          List.of(VectorPlan.CalcStep.compile(null, columns, KernelBackends.get("java"))), null, null,
          plans.getFirst().options());
      if (!union.all) {
        plan = plan.withAggregate(new VectorPlan.Aggregation(
            java.util.stream.IntStream.range(0, types.size()).boxed().toList(), List.of(), List.of()));
      }
      replace(call, union, plan);
    }
  }
}
