package org.blazedb.calcite;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableCalc;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Correlate;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Uncollect;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.mapping.Mappings;
import org.blazedb.engine.expr.Expr;
import org.blazedb.engine.kernel.KernelBackend;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.storage.blz.ColumnNode;

/**
 * UNNEST of a table's var dim, and the filter and projections above it, into the engine
 * ({@link VectorPlan.Unnest}). Calcite plans {@code FROM t, UNNEST(t.a) AS e} as a Correlate of
 * the table's scan with an Uncollect of {@code $cor.a} over one row of Values; the Calc above it
 * must not read the array itself, which the engine has no column type for. An aggregate right
 * above the Correlate (no Calc between) gets an engine plan of the Correlate's other fields as its
 * input, which the aggregate rule then takes. Arrays of scalars and of records of scalars are
 * taken, inner (CROSS JOIN) and outer (LEFT JOIN ... ON TRUE), without WITH ORDINALITY.
 */
final class UnnestRule extends RelRule<RuleConfig> {
  static final RelOptRule INSTANCE = RuleConfig.of("BlazeVectorUnnestRule",
      b0 -> b0.operand(RelNode.class)
          .predicate(r -> r instanceof EnumerableCalc || (r instanceof Aggregate a && a.getConvention() == EnumerableConvention.INSTANCE))
          .oneInput(
          b1 -> b1.operand(Correlate.class).inputs(
              b2 -> b2.operand(BlazeTableScan.class).noInputs(),
              b3 -> b3.operand(Uncollect.class).oneInput(
                  b4 -> b4.operand(EnumerableCalc.class).oneInput(
                      b5 -> b5.operand(Values.class).noInputs())))),
      UnnestRule::new).toRule();

  /**
   * Lifts a Calc on the elements (a WHERE on them, which Calcite pushes below the Correlate) above
   * an inner Correlate, so that {@link #INSTANCE} sees the pattern it takes. Not for an outer
   * UNNEST: there a filter on the elements keeps the row of NULLs, and lifted it would not.
   */
  static final RelOptRule LIFT_ELEMENT_CALC = RuleConfig.of("BlazeVectorUnnestLiftCalcRule",
      b0 -> b0.operand(Correlate.class).predicate(c -> c.getJoinType() == JoinRelType.INNER).inputs(
          b1 -> b1.operand(BlazeTableScan.class).noInputs(),
          b2 -> b2.operand(EnumerableCalc.class).oneInput(b3 -> b3.operand(Uncollect.class).anyInputs())),
      LiftElementCalc::new).toRule();

  private UnnestRule(RuleConfig config) {
    super(config);
  }

  private static final class LiftElementCalc extends RelRule<RuleConfig> {
    LiftElementCalc(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      Correlate correlate = call.rel(0);
      RelNode left = call.rel(1);
      RexProgram elements = ((EnumerableCalc) call.rel(2)).getProgram();
      Uncollect uncollect = call.rel(3);
      Correlate lifted = correlate.copy(correlate.getTraitSet(), List.of(left, uncollect));
      int shift = left.getRowType().getFieldCount();
      RexBuilder rexBuilder = correlate.getCluster().getRexBuilder();
      RexShuttle shifted = new RexShuttle() {
        @Override
        public RexNode visitInputRef(RexInputRef ref) {
          return new RexInputRef(ref.getIndex() + shift, ref.getType());
        }
      };
      List<RexNode> projects = new ArrayList<>();
      for (RelDataTypeField field : left.getRowType().getFieldList()) {
        projects.add(new RexInputRef(field.getIndex(), field.getType()));
      }
      elements.expandList(elements.getProjectList()).forEach(e -> projects.add(e.accept(shifted)));
      RexNode condition = elements.getCondition() == null ? null
          : elements.expandLocalRef(elements.getCondition()).accept(shifted);
      RexProgram program = RexProgram.create(lifted.getRowType(), projects, condition, correlate.getRowType(),
          rexBuilder);
      call.transformTo(EnumerableCalc.create(lifted, program));
    }
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    RelNode consumer = call.rel(0);
    Correlate correlate = call.rel(1);
    BlazeTableScan scan = call.rel(2);
    Uncollect uncollect = call.rel(3);
    RexProgram array = ((EnumerableCalc) call.rel(4)).getProgram();
    Values values = call.rel(5);
    boolean outer = correlate.getJoinType() == JoinRelType.LEFT;
    if (!VectorRules.usable(scan) || uncollect.withOrdinality || values.getTuples().size() != 1
        || (!outer && correlate.getJoinType() != JoinRelType.INNER)
        || array.getCondition() != null || array.getProjectList().size() != 1
        || !(array.expandLocalRef(array.getProjectList().getFirst()) instanceof RexFieldAccess access)
        || !(access.getReferenceExpr() instanceof RexCorrelVariable variable)
        || !variable.id.equals(correlate.getCorrelationId())) {
      return;
    }
    int arrayField = access.getField().getIndex();
    ColumnNode.Struct root = scan.blazeTable.blz().layout().root();
    if (!(root.children().get(scan.fields[arrayField]) instanceof ColumnNode.ListNode list)
        || list.fixedLength() >= 0) {
      return;
    }
    List<ColumnNode.Leaf> leaves = VectorPlan.elementLeaves(list);
    List<RelDataTypeField> elementFields = uncollect.getRowType().getFieldList();
    if (leaves.isEmpty() || leaves.size() != elementFields.size()) {
      return;
    }
    List<ValueType> elementTypes = new ArrayList<>();
    for (int e = 0; e < leaves.size(); e++) {
      ValueType type = VectorRules.fieldType(leaves.get(e), elementFields.get(e).getType());
      if (type == null) {
        return;
      }
      elementTypes.add(type);
    }
    List<ValueType> parentTypes = new ArrayList<>(VectorRules.fieldTypes(scan));
    parentTypes.set(arrayField, null); // the array itself is never read
    List<ValueType> types = new ArrayList<>(parentTypes);
    types.addAll(elementTypes);
    ExecutionOptions options = scan.blazeTable.options();
    List<Expr> fields = BlazeVectorRel.fieldRefs(types);
    VectorPlan.Unnest unnest = new VectorPlan.Unnest(new VectorPlan.Scan(scan.blazeTable, scan.spec, parentTypes),
        arrayField, list, elementTypes, outer);
    KernelBackend backend = VectorRules.backend(options, call.getMetadataQuery().getRowCount(correlate));
    if (consumer instanceof EnumerableCalc calc) {
      VectorPlan.CalcStep step = VectorRules.calcStep(calc.getProgram(), fields, calc.getCluster().getRexBuilder(), backend);
      if (step != null) { // else the Calc reads the array, or computes what the engine does not
        VectorRules.replace(call, calc, new VectorPlan(unnest, List.of(step), null, null, options));
      }
    } else {
      aggregateOver((Aggregate) consumer, correlate, unnest, fields, backend, call);
    }
  }

  /** The aggregate over an engine plan of the fields the engine reads, if it uses no others. */
  private static void aggregateOver(Aggregate aggregate, Correlate correlate, VectorPlan.Unnest unnest, List<Expr> fields,
      KernelBackend backend, RelOptRuleCall call) {
    List<Integer> kept = new ArrayList<>();
    for (int f = 0; f < fields.size(); f++) {
      if (fields.get(f) != null) {
        kept.add(f);
      }
    }
    ImmutableBitSet used = aggregate.getGroupSet();
    for (AggregateCall c : aggregate.getAggCallList()) {
      used = used.union(ImmutableBitSet.of(c.getArgList()));
      if (c.filterArg >= 0) {
        used = used.set(c.filterArg);
      }
    }
    if (!ImmutableBitSet.of(kept).contains(used)) {
      return;
    }
    Mappings.TargetMapping mapping = Mappings.target(kept::indexOf, fields.size(), kept.size());
    RelNode replaced = RelOptUtil.createProject(correlate, kept);
    VectorPlan plan = new VectorPlan(unnest, List.of(VectorPlan.CalcStep.compile(null,
        kept.stream().map(fields::get).toList(), backend)), null, null, unnest.parent().table().options());
    RelNode input = new BlazeVectorRel(plan, replaced, call.getMetadataQuery().getRowCount(correlate));
    call.transformTo(aggregate.copy(aggregate.getTraitSet(), input, ImmutableBitSet.of(aggregate.getGroupSet().asList().stream().map(kept::indexOf).toList()),
        null, aggregate.getAggCallList().stream().map(c -> c.transform(mapping)).toList()));
  }
}
