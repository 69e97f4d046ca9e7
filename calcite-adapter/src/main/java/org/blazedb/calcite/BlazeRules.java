package org.blazedb.calcite;

import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalTableModify;
import org.blazedb.storage.blz.BlzException;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.blazedb.storage.blz.ColumnNode;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;

/** The planner rules of the BLZ adapter. */
final class BlazeRules {
  private BlazeRules() {}

  /**
   * Pushes a projection into the scan: only the fields it uses are read, and of a record used only
   * through its fields ({@code l.location.country}) only those fields' columns.
   */
  static final RelOptRule PROJECT_SCAN = RuleConfig.of("BlazeProjectScanRule",
      b0 -> b0.operand(LogicalProject.class).oneInput(b1 -> b1.operand(BlazeTableScan.class).noInputs()),
      ProjectScanRule::new).toRule();

  /** The same through a filter between projection and scan: the filter's columns are read too. */
  static final RelOptRule PROJECT_FILTER_SCAN = RuleConfig.of("BlazeProjectFilterScanRule",
      b0 -> b0.operand(LogicalProject.class).oneInput(b1 -> b1.operand(LogicalFilter.class)
          .oneInput(b2 -> b2.operand(BlazeTableScan.class).noInputs())),
      ProjectScanRule::new).toRule();

  /** Hands the filter's column-vs-constant comparisons to the scan, which skips chunks by min/max. */
  static final RelOptRule FILTER_SCAN = RuleConfig.of("BlazeFilterScanRule",
      b0 -> b0.operand(LogicalFilter.class).oneInput(b1 -> b1.operand(BlazeTableScan.class).noInputs()),
      FilterScanRule::new).toRule();

  /**
   * Turns an UPDATE or DELETE of a BLZ table into its Enumerable implementation (Calcite would
   * otherwise plan them against a modifiable collection BLZ tables do not have); refuses MERGE.
   */
  static final RelOptRule UPDATE_DELETE = RuleConfig.of("BlazeUpdateDeleteRule",
      b0 -> b0.operand(LogicalTableModify.class).predicate(m -> m.getTable().unwrap(BlazeTable.class) != null)
          .anyInputs(),
      UpdateDeleteRule::new).toRule();

  /** Turns an INSERT or REPLACE into a BLZ table into its Enumerable implementation. */
  static final RelOptRule TABLE_MODIFY = ConverterRule.Config.INSTANCE
      .withConversion(BlazeTableModify.class, Convention.NONE, EnumerableConvention.INSTANCE, "BlazeTableModifyRule")
      .withRuleFactory(TableModifyRule::new)
      .toRule();

  /** Narrows a scan under a projection (and a filter between them, if the operands have one). */
  private static final class ProjectScanRule extends RelRule<RuleConfig> {
    ProjectScanRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalProject project = call.rel(0);
      LogicalFilter filter = call.rels.length == 3 ? call.rel(1) : null;
      BlazeTableScan scan = call.rel(call.rels.length - 1);
      if (scan.spec.paths() != null) {
        return; // already pruned
      }
      if (filter == null && project.getProjects().stream().allMatch(e -> e instanceof RexInputRef)) {
        int[] fields = project.getProjects().stream()
            .mapToInt(e -> scan.fields[((RexInputRef) e).getIndex()]).toArray();
        call.transformTo(new BlazeTableScan(scan.getCluster(), scan.getTable(), scan.blazeTable,
            scan.spec.withFields(fields, null)));
        return;
      }
      UsedColumns used = new UsedColumns(scan, scan.blazeTable.blz().layout().root());
      project.getProjects().forEach(used::visit);
      if (filter != null) {
        used.visit(filter.getCondition());
      }
      Pruning pruning = Pruning.of(scan, used);
      if (pruning == null) {
        return;
      }
      RelNode input = filter == null ? pruning.scan : filter.copy(filter.getTraitSet(), pruning.scan,
          pruning.renumber(List.of(filter.getCondition())).getFirst());
      call.transformTo(project.copy(project.getTraitSet(), input, pruning.renumber(project.getProjects()),
          project.getRowType()));
    }
  }

  /** A scan narrowed to the used fields and paths, and how to renumber references to it. */
  private record Pruning(BlazeTableScan scan, java.util.Map<Integer, Integer> position) {
    /** The narrowed scan, or null when nothing would be saved. */
    static Pruning of(BlazeTableScan scan, UsedColumns used) {
      int[] inputs = used.inputs().stream().mapToInt(Integer::intValue).toArray();
      List<String> paths = used.paths();
      if (inputs.length == scan.fields.length && paths == null) {
        return null;
      }
      int[] fields = java.util.Arrays.stream(inputs).map(i -> scan.fields[i]).toArray();
      java.util.Map<Integer, Integer> position = new java.util.HashMap<>();
      for (int i = 0; i < inputs.length; i++) {
        position.put(inputs[i], i);
      }
      return new Pruning(new BlazeTableScan(scan.getCluster(), scan.getTable(), scan.blazeTable,
          scan.spec.withFields(fields, paths)), position);
    }

    List<RexNode> renumber(List<RexNode> expressions) {
      RexShuttle shuttle = new RexShuttle() {
        @Override
        public RexNode visitInputRef(RexInputRef ref) {
          return new RexInputRef(position.get(ref.getIndex()), ref.getType());
        }
      };
      return expressions.stream().map(e -> e.accept(shuttle)).toList();
    }
  }

  /**
   * The scan fields an expression uses, and the column paths it reads: a chain of field accesses
   * on a record reads only that field's columns; any other use reads the whole field.
   */
  private static final class UsedColumns {
    private final BlazeTableScan scan;
    private final ColumnNode.Struct root;
    private final java.util.SortedSet<Integer> inputs = new java.util.TreeSet<>();
    private final java.util.Set<String> whole = new java.util.LinkedHashSet<>();
    private final java.util.Set<String> nested = new java.util.LinkedHashSet<>();

    UsedColumns(BlazeTableScan scan, ColumnNode.Struct root) {
      this.scan = scan;
      this.root = root;
    }

    void visit(RexNode expression) {
      expression.accept(new RexShuttle() {
        @Override
        public RexNode visitFieldAccess(RexFieldAccess access) {
          ColumnNode node = nodeOf(access);
          if (node == null) {
            return super.visitFieldAccess(access);
          }
          nested.add(node.path());
          inputs.add(baseRef(access).getIndex());
          return access;
        }

        @Override
        public RexNode visitInputRef(RexInputRef ref) {
          inputs.add(ref.getIndex());
          whole.add(root.children().get(scan.fields[ref.getIndex()]).path());
          return ref;
        }
      });
    }

    java.util.SortedSet<Integer> inputs() {
      return inputs;
    }

    /** The paths to read, or null when every used field is read whole. */
    List<String> paths() {
      List<String> partial = nested.stream()
          .filter(p -> whole.stream().noneMatch(w -> p.startsWith(w + ".")))
          .toList();
      if (partial.isEmpty()) {
        return null;
      }
      java.util.Set<String> paths = new java.util.LinkedHashSet<>(whole);
      paths.addAll(partial);
      return List.copyOf(paths);
    }

    /** The column node a chain of field accesses on a scan field reaches through records, or null. */
    private ColumnNode nodeOf(RexNode expression) {
      if (expression instanceof RexInputRef ref) {
        return root.children().get(scan.fields[ref.getIndex()]);
      }
      if (expression instanceof RexFieldAccess access
          && nodeOf(access.getReferenceExpr()) instanceof ColumnNode.Struct struct && !struct.tuple()) {
        int i = struct.names().indexOf(access.getField().getName());
        return i < 0 ? null : struct.children().get(i);
      }
      return null;
    }

    private static RexInputRef baseRef(RexNode expression) {
      return expression instanceof RexFieldAccess access ? baseRef(access.getReferenceExpr()) : (RexInputRef) expression;
    }
  }

  private static final class FilterScanRule extends RelRule<RuleConfig> {
    FilterScanRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalFilter filter = call.rel(0);
      BlazeTableScan scan = call.rel(1);
      if (!scan.spec.zone().isEmpty()) {
        return; // already pushed
      }
      List<ZonePredicate> zone = new java.util.ArrayList<>();
      // BETWEEN and IN arrive as SEARCH over ranges: expanded, a range is two comparisons.
      RexNode condition = RexUtil.expandSearch(filter.getCluster().getRexBuilder(), null, filter.getCondition());
      for (RexNode conjunct : RelOptUtil.conjunctions(condition)) {
        ZonePredicate p = ZonePredicate.of(conjunct, scan);
        if (p != null) {
          zone.add(p);
        }
      }
      if (zone.isEmpty()) {
        return;
      }
      BlazeTableScan pruned = new BlazeTableScan(scan.getCluster(), scan.getTable(), scan.blazeTable,
          scan.spec.withZone(zone));
      // The filter stays: statistics only rule chunks out, the rows of the others are still tested.
      call.transformTo(filter.copy(filter.getTraitSet(), pruned, filter.getCondition()));
    }
  }

  private static final class UpdateDeleteRule extends RelRule<RuleConfig> {
    UpdateDeleteRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalTableModify modify = call.rel(0);
      TableChange.Kind kind = switch (modify.getOperation()) {
        case UPDATE -> TableChange.Kind.UPDATE;
        case DELETE -> TableChange.Kind.DELETE;
        default -> throw new BlzException(modify.getOperation() + " is not supported on BLZ tables (table '"
            + modify.getTable().unwrapOrThrow(BlazeTable.class).blz().name() + "')");
      };
      RelNode input = convert(modify.getInput(), modify.getInput().getTraitSet().replace(EnumerableConvention.INSTANCE));
      call.transformTo(new EnumerableBlazeTableModify(modify.getCluster(),
          modify.getTraitSet().replace(EnumerableConvention.INSTANCE), modify.getTable(), modify.getCatalogReader(),
          input, kind, modify.getUpdateColumnList(), modify.getSourceExpressionList(), modify.isFlattened()));
    }
  }

  private static final class TableModifyRule extends ConverterRule {
    TableModifyRule(Config config) {
      super(config);
    }

    @Override
    public RelNode convert(RelNode rel) {
      BlazeTableModify modify = (BlazeTableModify) rel;
      RelNode input = convert(modify.getInput(), modify.getInput().getTraitSet().replace(EnumerableConvention.INSTANCE));
      return new EnumerableBlazeTableModify(modify.getCluster(),
          modify.getTraitSet().replace(EnumerableConvention.INSTANCE), modify.getTable(),
          modify.getCatalogReader(), input, modify.kind, null, null, modify.isFlattened());
    }
  }
}
