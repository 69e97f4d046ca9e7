package org.blazedb.engine.kernel;

import java.lang.foreign.MemorySegment;
import org.blazedb.engine.vector.Batch;

/** A compiled expression of a fixed-width type, bound to its constants; thread-safe. */
public interface ProjectKernel {
  /**
   * Writes the value of the {@code i}-th selected row of {@code batch} at index {@code i} of
   * {@code values} (int64 or float64) and its validity (1/0) at byte {@code i} of {@code validity}.
   */
  void apply(Batch batch, MemorySegment values, MemorySegment validity);

  /** The columns of the batch it reads; it reads no others (they may be null). */
  int[] columns();

  String backend();
}
