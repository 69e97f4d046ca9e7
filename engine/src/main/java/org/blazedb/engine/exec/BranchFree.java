package org.blazedb.engine.exec;

/**
 * Tests whose answer is the number 0 or 1, computed without a branch, for the per-row loops that
 * count candidates. A {@code boolean} is a branch in bytecode ({@code count += test ? 1 : 0}
 * too), and the JIT compiles a side its profile never saw as a trap: the first query that takes
 * it throws the whole loop back to the interpreter until it is compiled again (TPC-H Q2's probe
 * of partsupp: 0.02 s a run, 0.1 s for its first four runs when the warm-up's keys were all in range).
 */
final class BranchFree {
  private BranchFree() {}

  /** 1 if {@code x} is 0, else 0. */
  static int isZero(long x) {
    return (int) (~(x | -x) >>> 63);
  }

  /** 1 if {@code x} is not 0, else 0. */
  static int isNonZero(long x) {
    return (int) ((x | -x) >>> 63);
  }

  /** 1 if {@code 0 <= x <= max}, else 0; {@code max} is not negative. */
  static int inRange(long x, long max) {
    return (int) (~(x | (max - x)) >>> 63); // both sign bits clear; max - x cannot overflow when x >= 0
  }
}
