package org.blazedb.calcite;

import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.calcite.plan.RelOptLattice;
import org.apache.calcite.plan.RelOptMaterialization;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.tools.Program;

/** A program that rewrites each node of the plan once, after its inputs. */
record BottomUpProgram(UnaryOperator<RelNode> rewrite) implements Program {
  @Override
  public RelNode run(RelOptPlanner planner, RelNode rel, RelTraitSet requiredOutputTraits,
      List<RelOptMaterialization> materializations, List<RelOptLattice> lattices) {
    return rel.accept(new RelHomogeneousShuttle() {
      @Override
      public RelNode visit(RelNode other) {
        return rewrite.apply(super.visit(other));
      }
    });
  }
}
