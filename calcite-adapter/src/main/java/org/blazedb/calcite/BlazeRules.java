package org.blazedb.calcite;

import java.util.List;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;

/** The planner rules of the BLZ adapter. */
final class BlazeRules {
  private BlazeRules() {}

  /** Pushes a projection of plain columns into the scan, so only those columns are read. */
  static final RelOptRule PROJECT_SCAN = RuleConfig.of("BlazeProjectScanRule",
      b0 -> b0.operand(LogicalProject.class).oneInput(b1 -> b1.operand(BlazeTableScan.class).noInputs()),
      ProjectScanRule::new).toRule();

  /** Turns an INSERT into a BLZ table into its Enumerable implementation. */
  static final RelOptRule TABLE_MODIFY = ConverterRule.Config.INSTANCE
      .withConversion(BlazeTableModify.class, Convention.NONE, EnumerableConvention.INSTANCE, "BlazeTableModifyRule")
      .withRuleFactory(TableModifyRule::new)
      .toRule();

  private static final class ProjectScanRule extends RelRule<RuleConfig> {
    ProjectScanRule(RuleConfig config) {
      super(config);
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
      LogicalProject project = call.rel(0);
      BlazeTableScan scan = call.rel(1);
      List<RexNode> projects = project.getProjects();
      int[] fields = new int[projects.size()];
      for (int i = 0; i < fields.length; i++) {
        if (!(projects.get(i) instanceof RexInputRef ref)) {
          return; // an expression: the projection stays above the scan
        }
        fields[i] = scan.fields[ref.getIndex()];
      }
      call.transformTo(new BlazeTableScan(scan.getCluster(), scan.getTable(), scan.blazeTable, fields));
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
          modify.getCatalogReader(), input, modify.isFlattened());
    }
  }
}
