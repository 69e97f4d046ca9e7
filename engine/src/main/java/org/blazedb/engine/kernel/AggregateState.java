package org.blazedb.engine.kernel;

import java.util.Arrays;

/**
 * The state of one aggregate for every group, indexed by group id: {@code count} of values taken;
 * {@code low} the int64 sum, minimum or maximum ({@code high} the upper 64 bits of a 128-bit
 * DECIMAL sum); {@code doubles} the float64 sum, minimum or maximum. Plain arrays, so compiled
 * kernels update them in place; those an update does not use stay empty ({@link #of}).
 */
public final class AggregateState {
  private final boolean hasLow;
  private final boolean hasHigh;
  private final boolean hasDoubles;
  private long[] count = new long[0];
  private long[] low = new long[0];
  private long[] high = new long[0];
  private double[] doubles = new double[0];

  /** A state with every array. */
  public AggregateState() {
    this(true, true, true);
  }

  private AggregateState(boolean hasLow, boolean hasHigh, boolean hasDoubles) {
    this.hasLow = hasLow;
    this.hasHigh = hasHigh;
    this.hasDoubles = hasDoubles;
  }

  /**
   * The state of {@code update}: the arrays it and a merge of two of its states use, the others
   * left empty (TPC-H Q18's DECIMAL sum over 1.5M groups grew a DOUBLE array it never read on each
   * worker; a COUNT needs only its counts). Sums of int64 keep {@code high} for the carries merges add.
   */
  public static AggregateState of(AggregateUpdate update) {
    return switch (update) {
      case COUNT_ROWS, COUNT -> new AggregateState(false, false, false);
      case SUM_LONG, SUM_DECIMAL -> new AggregateState(true, true, false);
      case MIN_LONG, MAX_LONG -> new AggregateState(true, false, false);
      case SUM_DOUBLE, MIN_DOUBLE, MAX_DOUBLE -> new AggregateState(false, false, true);
    };
  }

  public int capacity() {
    return count.length;
  }

  /** Bytes per group of the arrays it uses, for memory budgets. */
  public long bytesPerGroup() {
    return 8L * (1 + (hasLow ? 1 : 0) + (hasHigh ? 1 : 0) + (hasDoubles ? 1 : 0));
  }

  /** Grows the arrays it uses to {@code capacity} groups; new groups start at zero. */
  public void grow(int capacity) {
    if (capacity > count.length) {
      count = Arrays.copyOf(count, capacity);
      low = hasLow ? Arrays.copyOf(low, capacity) : low;
      high = hasHigh ? Arrays.copyOf(high, capacity) : high;
      doubles = hasDoubles ? Arrays.copyOf(doubles, capacity) : doubles;
    }
  }

  /** Adds the 128-bit two's complement value {@code (addHigh, addLow)} to the DECIMAL sum of group {@code g}. */
  public void add128(int g, long addHigh, long addLow) {
    long sum = low[g] + addLow;
    high[g] += addHigh + (Long.compareUnsigned(sum, low[g]) < 0 ? 1 : 0);
    low[g] = sum;
  }

  public long[] count() {
    return count;
  }

  public long[] low() {
    return low;
  }

  public long[] high() {
    return high;
  }

  public double[] doubles() {
    return doubles;
  }
}
