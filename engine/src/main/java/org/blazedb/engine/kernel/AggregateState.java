package org.blazedb.engine.kernel;

import java.util.Arrays;

/**
 * The state of one aggregate for every group, indexed by group id: {@code count} of values taken;
 * {@code low} the int64 sum, minimum or maximum ({@code high} the upper 64 bits of a 128-bit
 * DECIMAL sum); {@code doubles} the float64 sum, minimum or maximum. Plain arrays, so compiled
 * kernels update them in place.
 */
public final class AggregateState {
  private long[] count = new long[0];
  private long[] low = new long[0];
  private long[] high = new long[0];
  private double[] doubles = new double[0];

  public int capacity() {
    return count.length;
  }

  /** Bytes per group, for memory budgets. */
  public static long bytesPerGroup() {
    return 32;
  }

  /** Grows every array to {@code capacity} groups; new groups start at zero. */
  public void grow(int capacity) {
    if (capacity > count.length) {
      count = Arrays.copyOf(count, capacity);
      low = Arrays.copyOf(low, capacity);
      high = Arrays.copyOf(high, capacity);
      doubles = Arrays.copyOf(doubles, capacity);
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
