package org.blazedb.tools;

import java.util.Arrays;
import java.util.List;

/** Medians and geometric means of benchmark times. */
final class Timing {
  private Timing() {}

  static double median(double[] seconds) {
    double[] sorted = seconds.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** The geometric mean of the positive values (ratios, times); NaN when there are none. */
  static double geometricMean(List<Double> values) {
    double[] positive = values.stream().filter(v -> v > 0 && Double.isFinite(v)).mapToDouble(Double::doubleValue).toArray();
    return positive.length == 0 ? Double.NaN
        : Math.exp(Arrays.stream(positive).map(Math::log).sum() / positive.length);
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
