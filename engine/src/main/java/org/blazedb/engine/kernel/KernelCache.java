package org.blazedb.engine.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Compiled kernels by shape ({@link org.blazedb.engine.expr.Expr#shape()}): queries that differ
 * only in constants share one. Records hits, misses and compile times.
 */
public final class KernelCache<K> {
  private final ConcurrentHashMap<String, K> kernels = new ConcurrentHashMap<>();
  private final List<Long> compileNanos = new ArrayList<>();
  private long hits;

  /** The kernel of {@code shape}, compiled by {@code compiler} on the first request. */
  public K get(String shape, Function<String, K> compiler) {
    K kernel = kernels.get(shape);
    if (kernel != null) {
      synchronized (this) {
        hits++;
      }
      return kernel;
    }
    return kernels.computeIfAbsent(shape, s -> {
      long start = System.nanoTime();
      K compiled = compiler.apply(s);
      synchronized (this) {
        compileNanos.add(System.nanoTime() - start);
      }
      return compiled;
    });
  }

  public synchronized Stats stats() {
    long[] sorted = compileNanos.stream().mapToLong(Long::longValue).sorted().toArray();
    return new Stats(hits, sorted.length,
        sorted.length == 0 ? 0 : sorted[sorted.length / 2] / 1e6,
        sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
  }

  /** Cache figures: lookups that found a kernel, kernels compiled, median and worst compile time. */
  public record Stats(long hits, long compiled, double medianCompileMillis, double worstCompileMillis) {
    public static final Stats NONE = new Stats(0, 0, 0, 0);

    public double hitRate() {
      return hits + compiled == 0 ? 0 : (double) hits / (hits + compiled);
    }
  }
}
