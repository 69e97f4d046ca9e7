package org.blazedb.engine.exec;

import java.util.List;
import org.blazedb.engine.vector.Boxing;

/** The groups of a GROUP BY, each with its aggregates, once every row is in. */
public interface AggregateResult {
  /** One row per group, its keys then its aggregates, as {@link Boxing} values. */
  List<Object[]> rows();

  /** Appends the rows of {@link #rows} to {@code out}, whose types are the keys' then the aggregates', without boxing. */
  void appendTo(Columns out);
}
