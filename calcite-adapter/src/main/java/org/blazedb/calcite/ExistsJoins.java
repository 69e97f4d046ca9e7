package org.blazedb.calcite;

import com.google.common.collect.ImmutableSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.RelBuilder;

/**
 * Turns a filter's correlated {@code EXISTS} and {@code NOT EXISTS} conjuncts into SEMI and ANTI
 * joins on the subquery's correlated condition. {@code EXISTS (SELECT * FROM lineitem l2 WHERE
 * l2.l_orderkey = l1.l_orderkey AND l2.l_suppkey <> l1.l_suppkey)} becomes a SEMI join of the outer
 * rows with lineitem on {@code l_orderkey}, the inequality its residual. Calcite's own rewrite
 * (SubQueryRemoveRule, then decorrelation) joins the subquery's table to the outer rows' distinct
 * correlation values, groups the result and joins it back: TPC-H Q21 scanned lineitem five times.
 *
 * <p>The rewrite keeps the meaning, NULLs included: a SEMI join keeps the outer rows for which some
 * subquery row makes the condition true, which is what EXISTS asks, and an ANTI join the others,
 * which is NOT EXISTS (never unknown). It applies when the subquery is a filter, under projections
 * only, whose input uses no correlation variable; the filter's conjuncts that read the outer row
 * become the join condition, the others stay on the subquery's side. *
 * <p>An uncorrelated {@code NOT IN} conjunct over values that cannot be NULL becomes an ANTI join on
 * their equality too.
 */
final class ExistsJoins {
  static final Program INSTANCE = new BottomUpProgram(ExistsJoins::rewrite);

  private ExistsJoins() {}

  private static RelNode rewrite(RelNode rel) {
    if (!(rel instanceof LogicalFilter filter) || !RexUtil.SubQueryFinder.containsSubQuery(filter)) {
      return rel;
    }
    RelNode outer = filter.getInput();
    List<RexNode> kept = new ArrayList<>();
    List<Semi> joins = new ArrayList<>();
    for (RexNode conjunct : RelOptUtil.conjunctions(filter.getCondition())) {
      Semi semi = Semi.of(conjunct, outer, filter.getVariablesSet());
      if (semi == null) {
        kept.add(conjunct);
      } else {
        joins.add(semi);
      }
    }
    if (joins.isEmpty()) {
      return rel;
    }
    RexBuilder rexBuilder = filter.getCluster().getRexBuilder();
    RelNode result = kept.isEmpty() ? outer
        : LogicalFilter.create(outer, RexUtil.composeConjunction(rexBuilder, kept),
            ImmutableSet.copyOf(filter.getVariablesSet()));
    RelBuilder builder = RelFactories.LOGICAL_BUILDER.create(filter.getCluster(), null);
    for (Semi semi : joins) {
      // a key computed from the columns (m.x = t.k * 7919) becomes a column of its side: a hash key
      result = RelOptUtil.pushDownJoinConditions(
          LogicalJoin.create(result, semi.inner, List.of(), semi.condition, Set.of(), semi.type), builder);
    }
    return result;
  }

  /** A SEMI or ANTI join of the outer rows with {@code inner} on {@code condition}. */
  private record Semi(JoinRelType type, RelNode inner, RexNode condition) {
    /** The join {@code conjunct} of a filter over {@code outer} asks for, or null. */
    static Semi of(RexNode conjunct, RelNode outer, Set<CorrelationId> variables) {
      JoinRelType type = JoinRelType.SEMI;
      if (conjunct.getKind() == SqlKind.NOT) {
        conjunct = ((RexCall) conjunct).getOperands().getFirst();
        type = JoinRelType.ANTI;
      }
      if (!(conjunct instanceof RexSubQuery subQuery)) {
        return null;
      }
      return switch (subQuery.getKind()) {
        case EXISTS -> exists(type, subQuery, outer, variables);
        case IN -> type == JoinRelType.ANTI ? notIn(subQuery, outer) : null;
        default -> null;
      };
    }

    /**
     * {@code NOT IN} an uncorrelated subquery, when neither its values nor the outer row's can be
     * NULL: then it holds exactly for the outer rows that equal no subquery row, an ANTI join.
     * (With a NULL on either side it may be unknown where no row matches, so Calcite's rewrite,
     * which counts the subquery's NULLs and joins it LEFT, stays; so it does for TPC-H Q16, whose
     * 800,000 partsupp rows went through both joins before the selective join with part.)
     */
    private static Semi notIn(RexSubQuery in, RelNode outer) {
      if (!RelOptUtil.getVariablesUsed(in.rel).isEmpty()
          || in.getOperands().stream().anyMatch(operand -> operand.getType().isNullable())
          || in.rel.getRowType().getFieldList().stream().anyMatch(field -> field.getType().isNullable())) {
        return null;
      }
      RexBuilder rexBuilder = outer.getCluster().getRexBuilder();
      int outerWidth = outer.getRowType().getFieldCount();
      List<RexNode> equalities = new ArrayList<>();
      for (int i = 0; i < in.getOperands().size(); i++) {
        RelDataType valueType = in.rel.getRowType().getFieldList().get(i).getType();
        equalities.add(rexBuilder.makeCall(SqlStdOperatorTable.EQUALS, in.getOperands().get(i),
            new RexInputRef(outerWidth + i, valueType)));
      }
      return new Semi(JoinRelType.ANTI, in.rel, RexUtil.composeConjunction(rexBuilder, equalities));
    }

    /** {@code [NOT] EXISTS} a subquery correlated with the outer row by a filter's conjuncts. */
    private static Semi exists(JoinRelType type, RexSubQuery exists, RelNode outer, Set<CorrelationId> variables) {
      RelNode body = exists.rel;
      while (body instanceof LogicalProject project) { // EXISTS reads no column
        body = project.getInput();
      }
      if (!(body instanceof LogicalFilter where) || RexUtil.SubQueryFinder.containsSubQuery(where)
          || !RelOptUtil.getVariablesUsed(where.getInput()).isEmpty()) {
        return null;
      }
      RexBuilder rexBuilder = outer.getCluster().getRexBuilder();
      OuterColumns outerColumns = new OuterColumns(outer, variables);
      List<RexNode> correlated = new ArrayList<>();
      List<RexNode> local = new ArrayList<>();
      for (RexNode c : RelOptUtil.conjunctions(where.getCondition())) {
        if (RexUtil.containsCorrelation(c)) {
          correlated.add(c.accept(outerColumns));
        } else {
          local.add(c);
        }
      }
      if (correlated.isEmpty() || !outerColumns.resolved) {
        return null; // uncorrelated (Calcite's rewrite evaluates it once), or over another row
      }
      RelNode inner = local.isEmpty() ? where.getInput()
          : LogicalFilter.create(where.getInput(), RexUtil.composeConjunction(rexBuilder, local));
      return new Semi(type, inner, RexUtil.composeConjunction(rexBuilder, correlated));
    }
  }

  /**
   * Rewrites a subquery condition over the joined row: its own columns after the outer row's,
   * {@code $cor.f} the outer row's column f. {@code resolved} turns false on a correlation variable
   * not of this filter, or a column the outer row does not have.
   */
  private static final class OuterColumns extends RexShuttle {
    private final RelNode outer;
    private final Set<CorrelationId> variables;
    private final int outerWidth;
    boolean resolved = true;

    OuterColumns(RelNode outer, Set<CorrelationId> variables) {
      this.outer = outer;
      this.variables = variables;
      this.outerWidth = outer.getRowType().getFieldCount();
    }

    @Override
    public RexNode visitInputRef(RexInputRef ref) {
      return new RexInputRef(ref.getIndex() + outerWidth, ref.getType());
    }

    @Override
    public RexNode visitFieldAccess(RexFieldAccess access) {
      if (!(access.getReferenceExpr() instanceof RexCorrelVariable variable)) {
        return super.visitFieldAccess(access);
      }
      RelDataTypeField field = variables.contains(variable.id) ? outerField(variable, access.getField()) : null;
      if (field == null || !field.getType().equals(access.getType())) {
        resolved = false;
        return access;
      }
      return new RexInputRef(field.getIndex(), field.getType());
    }

    /**
     * The outer row's column {@code field} of {@code variable} is. The variable keeps the row type
     * the SQL gave it while Calcite's field trimming narrows the outer row: then by name (the
     * trimming keeps the names, which are unique in a row type).
     */
    private RelDataTypeField outerField(RexCorrelVariable variable, RelDataTypeField field) {
      RelDataType outerType = outer.getRowType();
      return variable.getType().equals(outerType) ? outerType.getFieldList().get(field.getIndex())
          : outerType.getField(field.getName(), true, false);
    }

    @Override
    public RexNode visitCorrelVariable(RexCorrelVariable variable) {
      resolved = false; // the whole outer row, not one of its columns
      return variable;
    }
  }
}
