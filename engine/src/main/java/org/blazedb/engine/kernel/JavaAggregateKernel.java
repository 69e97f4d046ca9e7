package org.blazedb.engine.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.blazedb.engine.vector.Vector;

/**
 * The reference {@link AggregateKernel}: one loop per kind of update, rows taken in order, so
 * the row loop has no switch in it. Without groups every row goes to group 0, which C2 hoists.
 */
final class JavaAggregateKernel implements AggregateKernel {
  private final AggregateUpdate update;

  JavaAggregateKernel(AggregateUpdate update) {
    this.update = update;
  }

  @Override
  public String backend() {
    return JavaKernelBackend.NAME;
  }

  @Override
  public void update(Vector input, int[] groups, int n, AggregateState state) {
    long[] count = state.count();
    if (update == AggregateUpdate.COUNT_ROWS) {
      if (groups == null) {
        count[0] += n;
      } else {
        for (int i = 0; i < n; i++) {
          count[groups[i]]++;
        }
      }
      return;
    }
    MemorySegment valid = input.validity();
    MemorySegment values = input.values();
    switch (update) {
      case COUNT -> {
        for (int i = 0; i < n; i++) {
          if (valid == null || valid.get(ValueLayout.JAVA_BYTE, i) != 0) {
            count[group(groups, i)]++;
          }
        }
      }
      case SUM_LONG -> {
        long[] low = state.low();
        for (int i = 0; i < n; i++) {
          if (valid == null || valid.get(ValueLayout.JAVA_BYTE, i) != 0) {
            int g = group(groups, i);
            low[g] += values.getAtIndex(ValueLayout.JAVA_LONG, i);
            count[g]++;
          }
        }
      }
      case SUM_DECIMAL -> {
        for (int i = 0; i < n; i++) {
          if (valid == null || valid.get(ValueLayout.JAVA_BYTE, i) != 0) {
            int g = group(groups, i);
            long v = values.getAtIndex(ValueLayout.JAVA_LONG, i);
            state.add128(g, v >> 63, v);
            count[g]++;
          }
        }
      }
      case SUM_DOUBLE -> {
        double[] doubles = state.doubles();
        for (int i = 0; i < n; i++) {
          if (valid == null || valid.get(ValueLayout.JAVA_BYTE, i) != 0) {
            int g = group(groups, i);
            doubles[g] += values.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
            count[g]++;
          }
        }
      }
      case MIN_LONG, MAX_LONG -> {
        boolean min = update == AggregateUpdate.MIN_LONG;
        long[] low = state.low();
        for (int i = 0; i < n; i++) {
          if (valid == null || valid.get(ValueLayout.JAVA_BYTE, i) != 0) {
            int g = group(groups, i);
            long v = values.getAtIndex(ValueLayout.JAVA_LONG, i);
            if (count[g]++ == 0 || (min ? v < low[g] : v > low[g])) {
              low[g] = v;
            }
          }
        }
      }
      case MIN_DOUBLE, MAX_DOUBLE -> {
        boolean min = update == AggregateUpdate.MIN_DOUBLE;
        double[] doubles = state.doubles();
        for (int i = 0; i < n; i++) {
          if (valid == null || valid.get(ValueLayout.JAVA_BYTE, i) != 0) {
            int g = group(groups, i);
            double v = values.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
            if (count[g]++ == 0 || (min ? v < doubles[g] : v > doubles[g])) {
              doubles[g] = v;
            }
          }
        }
      }
      case COUNT_ROWS -> throw new AssertionError();
    }
  }

  private static int group(int[] groups, int i) {
    return groups == null ? 0 : groups[i];
  }
}
