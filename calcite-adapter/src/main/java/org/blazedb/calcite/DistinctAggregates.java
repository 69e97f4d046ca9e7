package org.blazedb.calcite;

import java.util.ArrayList;
import java.util.List;
import org.blazedb.engine.exec.AggregateCall;
import org.blazedb.engine.expr.Expr;
import org.blazedb.engine.kernel.KernelBackend;

/**
 * Folds Calcite's expansion of a DISTINCT aggregate back into one aggregation. Calcite computes
 * {@code SELECT g, COUNT(DISTINCT x) ... GROUP BY g} as {@code COUNT(x)} grouped by {@code g} over
 * the rows grouped by {@code g, x} (its Enumerable aggregate has no DISTINCT). The engine's
 * aggregate keeps each group's distinct values itself, so the rows of every {@code (g, x)} are
 * neither materialized (strings and all) nor grouped a second time: TPC-H Q16 has 118,000 such
 * rows for 18,000 groups.
 */
final class DistinctAggregates {
  private DistinctAggregates() {}

  /**
   * The aggregation of {@code calls} grouped by {@code keys} over {@code input}'s rows, as one
   * aggregation of DISTINCT calls over the rows {@code input} groups, or null if it is not such an
   * expansion: {@code input} groups (computing nothing) by the columns of {@code keys} and one
   * column more, read only through column references, and every call reads that column.
   */
  static VectorPlan fold(VectorPlan input, List<Integer> keys, List<AggregateCall> calls, KernelBackend backend) {
    VectorPlan grouped = input;
    List<Integer> columns = null; // the grouped plan's column of each input column; null for all of them
    if (input.pipelined()) {
      if (!(input.input() instanceof VectorPlan.Materialized m) || input.steps().size() != 1
          || !(input.steps().getFirst() instanceof VectorPlan.CalcStep calc) || calc.filter() != null) {
        return null;
      }
      grouped = m.plan();
      columns = new ArrayList<>();
      for (Expr e : calc.projections()) {
        columns.add(e instanceof Expr.ColumnRef ref ? ref.column() : -1);
      }
    }
    VectorPlan.Aggregation lower = grouped.aggregate();
    if (lower == null || grouped.order() != null || !lower.calls().isEmpty() || calls.isEmpty()
        || lower.keys().size() != keys.size() + 1) {
      return null;
    }
    List<Integer> foldedKeys = new ArrayList<>();
    for (int key : keys) {
      int column = columnOf(key, columns);
      if (column < 0 || foldedKeys.contains(lower.keys().get(column))) {
        return null;
      }
      foldedKeys.add(lower.keys().get(column));
    }
    int value = columnOf(calls.getFirst().input(), columns);
    if (value < 0 || foldedKeys.contains(lower.keys().get(value))) {
      return null; // COUNT(*) counts the (g, x) rows, NULL x included
    }
    List<AggregateCall> distinct = new ArrayList<>();
    for (AggregateCall call : calls) {
      if (columnOf(call.input(), columns) != value) {
        return null; // COUNT(x), COUNT(y) over the rows of (g, x, y) count pairs
      }
      distinct.add(new AggregateCall(call.function(), lower.keys().get(value), true, call.inputType(),
          call.resultType()));
    }
    return grouped.withAggregate(VectorPlan.Aggregation.compile(foldedKeys, distinct, backend));
  }

  /** The grouped plan's column read as input column {@code column}, or -1 (none, or computed). */
  private static int columnOf(int column, List<Integer> columns) {
    return column < 0 || columns == null ? column : columns.get(column);
  }
}
