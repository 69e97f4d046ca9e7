package org.blazedb.calcite;

import java.util.Locale;
import org.blazedb.engine.exec.MemoryBudget;

/**
 * How a connection executes queries (connection properties).
 *
 * @param vectorized {@code engine=vector} (default) runs what it can in BlazeDB's vectorized
 *     engine; {@code engine=enumerable} leaves every plan to Calcite's Enumerable code
 * @param backend {@code backend=llvm} (default) or {@code java}: who computes expressions
 * @param memoryLimitBytes {@code memory_limit=512MB}: operator state one query may hold
 * @param threads {@code threads=N}: worker threads per query (default: all cores)
 * @param llvmMinRows {@code llvm_min_rows=N}: a scan of a table with fewer rows, or a step whose
 *     input is estimated at fewer, starts with the Java reference kernels even with
 *     {@code backend=llvm}, and uses LLVM's once they are compiled in the background: waiting for a
 *     compile (10 to 20 ms a kernel) costs more than interpreting a few thousand rows
 */
public record ExecutionOptions(boolean vectorized, String backend, long memoryLimitBytes, int threads,
    long llvmMinRows) {
  public static final ExecutionOptions DEFAULT = new ExecutionOptions(true, "llvm",
      Math.max(64L << 20, Runtime.getRuntime().maxMemory() / 2), Runtime.getRuntime().availableProcessors(), 100_000);

  /** Options from property values (null: the default); names the property of a bad value. */
  public static ExecutionOptions of(String engine, String backend, String memoryLimit, String threads,
      String llvmMinRows) {
    boolean vectorized = switch (engine == null ? "vector" : engine.strip().toLowerCase(Locale.ROOT)) {
      case "vector" -> true;
      case "enumerable" -> false;
      default -> throw new IllegalArgumentException("engine=" + engine + ": expected vector or enumerable");
    };
    String b = backend == null ? DEFAULT.backend : backend.strip().toLowerCase(Locale.ROOT);
    if (!b.equals("llvm") && !b.equals("java")) {
      throw new IllegalArgumentException("backend=" + backend + ": expected llvm or java");
    }
    long memory = memoryLimit == null ? DEFAULT.memoryLimitBytes : bytes(memoryLimit);
    int t;
    try {
      t = threads == null ? DEFAULT.threads : Integer.parseInt(threads.strip());
    } catch (NumberFormatException e) {
      t = 0;
    }
    if (t < 1) {
      throw new IllegalArgumentException("threads=" + threads + ": expected a positive integer");
    }
    long minRows;
    try {
      minRows = llvmMinRows == null ? DEFAULT.llvmMinRows : Long.parseLong(llvmMinRows.strip());
    } catch (NumberFormatException e) {
      minRows = -1;
    }
    if (minRows < 0) {
      throw new IllegalArgumentException("llvm_min_rows=" + llvmMinRows + ": expected a number of rows");
    }
    return new ExecutionOptions(vectorized, b, memory, t, minRows);
  }

  private static long bytes(String text) {
    try {
      return MemoryBudget.parseSize(text, false);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("memory_limit=" + e.getMessage());
    }
  }
}
