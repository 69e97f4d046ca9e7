package org.blazedb.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.blazedb.calcite.KernelBackends;
import org.blazedb.engine.kernel.KernelCache;
import org.blazedb.sqltests.tpch.TpchData;
import org.blazedb.sqltests.tpch.TpchQuery;
import org.blazedb.storage.blz.BlzDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * TPC-H on BlazeDB (LLVM kernels, Java reference kernels, Calcite's Enumerable code alone) and on
 * DuckDB, over the same generated data, in one run: median times, ratios to DuckDB, geometric mean.
 * Every executor's answer is checked against DuckDB's.
 */
@Command(name = "tpch", description = "TPC-H: BlazeDB (LLVM, Java, Enumerable) beside DuckDB over the same data.")
final class TpchBenchmark implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--sf", description = "Scale factor (default: ${DEFAULT-VALUE}).")
  double scale = 1;

  @Option(names = "--runs", description = "Timed runs per query after one warm-up; the median is shown (default: ${DEFAULT-VALUE}).")
  int runs = 3;

  @Option(names = "--warmup-passes", description = "Untimed passes over the queries on BlazeDB, and on DuckDB, before "
      + "any is timed (default: ${DEFAULT-VALUE}).")
  int warmupPasses = 3;

  @Option(names = "--queries", split = ",", description = "Query numbers (default: all 22).")
  List<Integer> queries = new ArrayList<>();

  @Option(names = "--executors", split = ",", description = "Of llvm, java, enumerable, duckdb (default: all).")
  List<String> executors = new ArrayList<>(List.of("llvm", "java", "enumerable", "duckdb"));

  @Option(names = "--timeout", description = "Seconds one BlazeDB query may take (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds = 300;

  @Option(names = "--dir", description = "Where the BLZ database is kept, reused at the same scale (default: bench-data/tpch-sf<N>).")
  Path dir;

  private PrintWriter out;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    Path db = dir != null ? dir : Path.of("bench-data", "tpch-sf" + scale);
    load(db);
    List<TpchQuery> selected = TpchQuery.all().stream()
        .filter(q -> queries.isEmpty() || queries.contains(q.number())).toList();
    Map<String, Map<Integer, Double>> times = new LinkedHashMap<>();
    Map<Integer, List<String[]>> duckAnswers = new LinkedHashMap<>();
    List<String> blazeExecutors = executors.stream().filter(e -> !e.equals("duckdb")).toList();
    if (executors.contains("duckdb")) {
      long start = System.nanoTime();
      try (Connection duck = DuckDb.open()) {
        DuckDb.loadTpch(duck, scale);
        out.printf("DuckDB loaded in %.1f s%n", Timing.seconds(start));
        warmUp(duck, selected, "DuckDB");
        Map<Integer, Double> medians = new LinkedHashMap<>();
        for (TpchQuery q : selected) {
          medians.put(q.number(), measure(Map.of("duckdb", duck), q, duckAnswers, false).get("duckdb"));
        }
        times.put("duckdb", medians);
      }
    }
    warmUp(db, selected, blazeExecutors);
    Map<String, Connection> connections = new LinkedHashMap<>();
    Map<Integer, Double> planning = new LinkedHashMap<>();
    try {
      for (String executor : blazeExecutors) {
        connections.put(executor, DriverManager.getConnection(url(db, executor)));
        times.put(executor, new LinkedHashMap<>());
      }
      // query by query and run by run, every executor in turn: each finds the JIT as far along as
      // the others (a query whose runs still warm the JIT up, as Q9's first four do, once took
      // 0.6 s on the executor timed first and 0.36 s on the one timed after it)
      for (TpchQuery q : selected) {
        measure(connections, q, duckAnswers, true).forEach((executor, median) -> times.get(executor).put(q.number(), median));
        if (!blazeExecutors.isEmpty()) {
          planning.put(q.number(), planning(url(db, blazeExecutors.getFirst()), q));
        }
      }
    } finally {
      for (Connection c : connections.values()) {
        c.close();
      }
    }
    print(selected, times, planning);
    KernelCache.Stats stats = KernelBackends.get("llvm").stats();
    out.printf("LLVM kernels: %d compiled (median %.1f ms, worst %.1f ms), %d cache hits (hit rate %.0f%%)%n",
        stats.compiled(), stats.medianCompileMillis(), stats.worstCompileMillis(), stats.hits(), 100 * stats.hitRate());
    return 0;
  }

  private void load(Path db) throws IOException {
    Path marker = db.resolve(".tpch-scale");
    if (Files.exists(marker) && Files.readString(marker).strip().equals(Double.toString(scale))) {
      out.println("TPC-H SF" + scale + " already in " + db);
      return;
    }
    if (Files.exists(db)) {
      try (var paths = Files.walk(db)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    long start = System.nanoTime();
    TpchData.load(BlzDatabase.open(db, true), scale);
    Files.writeString(marker, Double.toString(scale));
    out.printf("TPC-H SF%s generated and stored as BLZ in %s in %.1f s%n", scale, db, Timing.seconds(start));
  }

  /**
   * Untimed passes over the queries on the engine ({@link #warmupPasses}), before any is timed: the
   * executors share the engine's code, and without one the first one measured paid for the JIT
   * compiling it (Q2 took 0.55 s on whichever of LLVM and Java ran first, 0.18 to 0.39 s on the
   * other). One pass leaves the JIT compiling in the timed runs: C2 recompiles what a query
   * deoptimized in the queries before it (in one JVM after one pass, C2 compiled for 100 to 260 ms
   * within the timed runs of Q3, Q5, Q8, Q9 and Q10 on this 2-core machine, a core's worth);
   * three passes reach the times that more passes give.
   */
  private void warmUp(Path db, List<TpchQuery> selected, List<String> blazeExecutors) throws SQLException {
    String engine = blazeExecutors.stream().filter(e -> !e.equals("enumerable")).findFirst().orElse(null);
    if (engine == null) {
      return;
    }
    try (Connection c = DriverManager.getConnection("jdbc:blaze:" + db + ";backend=" + engine)) {
      warmUp(c, selected, engine);
    }
  }

  /** {@link #warmupPasses} untimed passes over the queries on {@code c}; DuckDB gets as many as BlazeDB. */
  private void warmUp(Connection c, List<TpchQuery> selected, String engine) {
    long start = System.nanoTime();
    for (int pass = 0; pass < warmupPasses; pass++) {
      for (TpchQuery q : selected) {
        try {
          timed(c, q);
        } catch (SQLException | RuntimeException e) {
          // reported by the timed pass
        }
      }
    }
    out.printf("Warm-up: %d untimed pass%s over the queries (%s) in %.1f s%n", warmupPasses,
        warmupPasses == 1 ? "" : "es", engine, Timing.seconds(start));
    out.flush();
  }

  /**
   * Median seconds of {@code q} by executor (NaN on error or timeout), the executors taking turns
   * at each run after a warm-up run each; keeps DuckDB's answer, or checks against it.
   */
  private Map<String, Double> measure(Map<String, Connection> connections, TpchQuery q,
      Map<Integer, List<String[]>> duckAnswers, boolean check) {
    Map<String, double[]> seconds = new LinkedHashMap<>();
    for (var e : connections.entrySet()) {
      if (warmedUp(e.getKey(), e.getValue(), q, duckAnswers, check)) {
        seconds.put(e.getKey(), new double[runs]);
      }
    }
    for (int r = 0; r < runs; r++) {
      for (var e : List.copyOf(seconds.entrySet())) {
        try {
          long start = System.nanoTime();
          timed(connections.get(e.getKey()), q);
          e.getValue()[r] = Timing.seconds(start);
        } catch (SQLException | RuntimeException | OutOfMemoryError ex) {
          failed(e.getKey(), q, ex);
          seconds.remove(e.getKey());
        }
      }
    }
    Map<String, Double> medians = new LinkedHashMap<>();
    for (String executor : connections.keySet()) {
      double median = seconds.containsKey(executor) ? Timing.median(seconds.get(executor)) : Double.NaN;
      out.printf("%s Q%d %.3f s%n", executor, q.number(), median);
      medians.put(executor, median);
    }
    out.flush();
    return medians;
  }

  private static String url(Path db, String executor) {
    return "jdbc:blaze:" + db + (executor.equals("enumerable") ? ";engine=enumerable" : ";backend=" + executor);
  }

  /**
   * Median seconds to plan {@code q}'s query on a connection that has not planned its text before,
   * which the timed runs, sending a text again, do not pay: plans are kept per connection, so each
   * run opens one. NaN if it fails (the timed runs report why).
   */
  private double planning(String url, TpchQuery q) {
    double[] seconds = new double[runs];
    for (int r = 0; r < runs; r++) {
      try (Connection c = DriverManager.getConnection(url); Statement setup = c.createStatement()) {
        for (String statement : q.statements().subList(0, q.statements().size() - 1)) {
          setup.execute(statement);
        }
        long start = System.nanoTime();
        c.prepareStatement(q.query()).close();
        seconds[r] = Timing.seconds(start);
      } catch (SQLException | RuntimeException e) {
        return Double.NaN;
      }
    }
    return Timing.median(seconds);
  }

  /** Runs {@code q} once untimed; whether it gave an answer (DuckDB's is kept, the others checked against it). */
  private boolean warmedUp(String executor, Connection c, TpchQuery q, Map<Integer, List<String[]>> duckAnswers,
      boolean check) {
    try {
      List<Object[]> rows = timed(c, q);
      if (!check) {
        duckAnswers.put(q.number(), rows.stream().map(TpchBenchmark::cells).toList());
      } else if (duckAnswers.containsKey(q.number())) {
        String difference = new TpchQuery(q.number(), q.statements(), duckAnswers.get(q.number()), true).difference(rows);
        if (difference != null) {
          out.println(executor + " differs from DuckDB: " + difference);
        }
      }
      return true;
    } catch (SQLException | RuntimeException | OutOfMemoryError e) {
      failed(executor, q, e);
      return false;
    }
  }

  private void failed(String executor, TpchQuery q, Throwable e) {
    // Calcite's joins hold their inputs on the heap; the query's objects are garbage after an OutOfMemoryError.
    out.println(executor + " Q" + q.number() + ": " + (e instanceof OutOfMemoryError
        ? "out of heap memory (raise -Xmx through BLAZE_JAVA_OPTS)" : firstLine(e)));
    out.flush();
  }

  private List<Object[]> timed(Connection c, TpchQuery q) throws SQLException {
    return q.run(c, c.isWrapperFor(org.duckdb.DuckDBConnection.class) ? 0 : timeoutSeconds);
  }

  private static String[] cells(Object[] row) {
    String[] cells = new String[row.length];
    for (int i = 0; i < row.length; i++) {
      cells[i] = row[i] == null ? "null" : row[i].toString();
    }
    return cells;
  }

  /** The first line of the innermost cause's message (the outer ones repeat the whole query). */
  private static String firstLine(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String m = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    return m.lines().findFirst().orElse(m);
  }

  private void print(List<TpchQuery> selected, Map<String, Map<Integer, Double>> times, Map<Integer, Double> planning) {
    List<String> columns = new ArrayList<>(times.keySet());
    out.println();
    out.printf("TPC-H SF%s, %d-run median seconds (warm), %d cores%n", scale, runs,
        Runtime.getRuntime().availableProcessors());
    StringBuilder header = new StringBuilder(String.format("%-6s", "query"));
    columns.forEach(c -> header.append(String.format("%12s", c)));
    columns.stream().filter(c -> !c.equals("duckdb")).forEach(c -> header.append(String.format("%17s", c + "/duck")));
    if (!planning.isEmpty()) {
      header.append(String.format("%12s", "plan"));
    }
    out.println(header);
    Map<String, List<Double>> ratios = new LinkedHashMap<>();
    Map<String, List<Double>> all = new LinkedHashMap<>();
    for (TpchQuery q : selected) {
      StringBuilder line = new StringBuilder(String.format("%-6s", "Q" + q.number()));
      for (String c : columns) {
        double t = times.get(c).get(q.number());
        line.append(Double.isNaN(t) ? String.format("%12s", "failed") : String.format("%12.3f", t));
        all.computeIfAbsent(c, k -> new ArrayList<>()).add(t);
      }
      Double duck = times.containsKey("duckdb") ? times.get("duckdb").get(q.number()) : null;
      for (String c : columns) {
        if (c.equals("duckdb")) {
          continue;
        }
        double ratio = duck == null ? Double.NaN : times.get(c).get(q.number()) / duck;
        ratios.computeIfAbsent(c, k -> new ArrayList<>()).add(ratio);
        line.append(Double.isNaN(ratio) ? String.format("%17s", "-") : String.format("%17.2f", ratio));
      }
      if (planning.containsKey(q.number())) {
        double t = planning.get(q.number());
        line.append(Double.isNaN(t) ? String.format("%12s", "-") : String.format("%12.3f", t));
        all.computeIfAbsent("plan", k -> new ArrayList<>()).add(t);
      }
      out.println(line);
    }
    StringBuilder geo = new StringBuilder(String.format("%-6s", "geo"));
    columns.forEach(c -> geo.append(String.format("%12.3f", Timing.geometricMean(all.get(c)))));
    columns.stream().filter(c -> !c.equals("duckdb"))
        .forEach(c -> geo.append(String.format("%17.2f", Timing.geometricMean(ratios.getOrDefault(c, List.of())))));
    if (!planning.isEmpty()) {
      geo.append(String.format("%12.3f", Timing.geometricMean(all.get("plan"))));
    }
    out.println(geo);
    out.println("(geo: geometric mean over the queries that ran; a ratio above 1 is slower than DuckDB)");
    if (!planning.isEmpty()) {
      out.println("(plan: planning a query text not seen before, on " + times.keySet().stream()
          .filter(c -> !c.equals("duckdb")).findFirst().orElseThrow() + "; the timed runs send the text again, and reuse"
          + " its plan while the tables do not change)");
    }
  }
}
