package org.blazedb.engine.kernel;

import org.blazedb.engine.expr.Expr;

/**
 * Turns expressions into kernels that run once per batch. Implementations: the pure-Java
 * reference ({@link JavaKernelBackend}, the oracle in tests) and native ones (LLVM in codegen).
 * All must give identical answers; a backend may decline an expression it cannot compile by
 * returning null, and the caller then uses the reference.
 */
public interface KernelBackend {
  /** The name EXPLAIN shows: "java", "llvm". */
  String name();

  /** A kernel keeping the selected rows where {@code predicate} is TRUE, or null if declined. */
  FilterKernel filter(Expr predicate);

  /** A kernel computing {@code expression} for the selected rows, or null if declined. */
  ProjectKernel project(Expr expression);

  /** A kernel folding values into per-group states, or null if declined. */
  AggregateKernel aggregate(AggregateUpdate update);

  /** Compile counts and times of this backend's kernel cache (zeros for an interpreter). */
  default KernelCache.Stats stats() {
    return KernelCache.Stats.NONE;
  }
}
