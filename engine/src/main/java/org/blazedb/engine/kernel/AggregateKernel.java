package org.blazedb.engine.kernel;

import org.blazedb.engine.vector.Vector;

/** A compiled {@link AggregateUpdate}; thread-safe (each worker has its own states). */
public interface AggregateKernel {
  /**
   * Folds rows {@code 0 .. n} of {@code input} (dense; null for COUNT(*)) into the states of
   * groups {@code groups[i]}, or all into group 0 when {@code groups} is null (an aggregate
   * without GROUP BY, where the kernel can keep its sum in registers).
   */
  void update(Vector input, int[] groups, int n, AggregateState state);

  /** The backend that compiled it, for EXPLAIN. */
  String backend();
}
