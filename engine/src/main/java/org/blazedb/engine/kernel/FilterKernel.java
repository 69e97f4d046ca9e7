package org.blazedb.engine.kernel;

import java.lang.foreign.MemorySegment;
import org.blazedb.engine.vector.Batch;

/** A compiled predicate, bound to its constants; safe to call from several threads at once. */
public interface FilterKernel {
  /**
   * Writes the positions (int32) of the selected rows of {@code batch} where the predicate is
   * TRUE to {@code selection}, in order, and returns how many there are.
   */
  int apply(Batch batch, MemorySegment selection);

  /** The columns of the batch it reads, in order; it reads no others (they may be null). */
  int[] columns();

  /** The backend that compiled it, for EXPLAIN. */
  String backend();
}
