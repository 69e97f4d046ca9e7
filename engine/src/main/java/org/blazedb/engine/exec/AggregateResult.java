package org.blazedb.engine.exec;

import java.util.List;
import org.blazedb.engine.vector.Boxing;
import org.blazedb.engine.vector.ValueType;

/** The groups of a GROUP BY, each with its aggregates, once every row is in. */
public interface AggregateResult {
  /** One row per group, its keys then its aggregates, as {@link Boxing} values. */
  List<Object[]> rows();

  /** Appends the rows of {@link #rows} to {@code out}, whose types are the keys' then the aggregates', without boxing. */
  void appendTo(Columns out);

  /** The rows of {@link #rows} that {@code order} keeps, in its order, as columns of {@code types}. */
  default Columns sorted(OrderBy order, List<ValueType> types, MemoryBudget budget) {
    Columns rows = new Columns(types, budget, "sort");
    appendTo(rows);
    return order.select(rows, budget);
  }
}
