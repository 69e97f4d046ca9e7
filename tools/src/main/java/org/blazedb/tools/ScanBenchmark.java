package org.blazedb.tools;

import java.io.PrintWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import org.blazedb.engine.datashape.DataShapeParser;
import org.blazedb.storage.blz.BlzDatabase;
import org.blazedb.storage.blz.BlzTable;
import org.blazedb.storage.blz.ColumnWriter;
import org.blazedb.storage.blz.TableAppender;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * SUM, filtered SUM and GROUP BY over one wide table, on BlazeDB (LLVM and Java kernels), on a
 * hand-written Java loop over off-heap arrays, and on DuckDB; the same rows everywhere (each
 * value is a formula of the row number).
 */
@Command(name = "scan", description = "SUM, filtered SUM and GROUP BY beside a Java loop and DuckDB.")
final class ScanBenchmark implements Callable<Integer> {
  /** v = row * K mod M (spread, not sorted), g = row mod 16. */
  private static final long K = 2654435761L;
  private static final long M = 1_000_003L;
  private static final List<String> QUERIES = List.of(
      "SELECT SUM(v) FROM scan",
      "SELECT SUM(v) FROM scan WHERE g < 4",
      "SELECT g, SUM(v) FROM scan GROUP BY g");

  @Spec CommandSpec spec;

  @Option(names = "--rows", description = "Rows (default: ${DEFAULT-VALUE}).")
  long rows = 100_000_000L;

  @Option(names = "--runs", description = "Timed runs after three warm-ups; the median is shown (default: ${DEFAULT-VALUE}).")
  int runs = 5;

  @Option(names = "--dir", description = "Where the BLZ table is kept, reused for the same rows (default: bench-data/scan-<rows>).")
  Path dir;

  private PrintWriter out;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    Path db = dir != null ? dir : Path.of("bench-data", "scan-" + rows);
    create(db);
    double[][] times = new double[4][QUERIES.size()];
    String[] names = {"blaze llvm", "blaze java", "java loop", "duckdb"};
    for (int e = 0; e < 2; e++) {
      try (Connection c = DriverManager.getConnection("jdbc:blaze:" + db + ";backend=" + (e == 0 ? "llvm" : "java"))) {
        for (int q = 0; q < QUERIES.size(); q++) {
          times[e][q] = time(c, QUERIES.get(q));
        }
      }
    }
    times[2] = javaLoop();
    try (Connection duck = DuckDb.open()) {
      long start = System.nanoTime();
      try (Statement s = duck.createStatement()) {
        s.execute("CREATE TABLE scan AS SELECT (i * " + K + ") % " + M + " AS v, CAST(i % 16 AS INTEGER) AS g FROM range(" + rows + ") t(i)");
      }
      out.printf("DuckDB table built in %.1f s%n", Timing.seconds(start));
      for (int q = 0; q < QUERIES.size(); q++) {
        times[3][q] = time(duck, QUERIES.get(q));
      }
    }
    out.printf("%n%,d rows, %d-run median (warm, prepared statements), %d cores; GB/s counts the bytes of the columns read (8 per v, 4 per g)%n",
        rows, runs, Runtime.getRuntime().availableProcessors());
    out.printf("%-40s", "query");
    for (String n : names) {
      out.printf("%13s %7s", n + " s", "GB/s");
    }
    out.println();
    for (int q = 0; q < QUERIES.size(); q++) {
      out.printf("%-40s", QUERIES.get(q));
      double bytes = rows * (q == 0 ? 8.0 : 12.0);
      for (int e = 0; e < names.length; e++) {
        out.printf("%13.3f %7.2f", times[e][q], bytes / times[e][q] / 1e9);
      }
      out.println();
    }
    return 0;
  }

  private void create(Path db) throws Exception {
    if (Files.exists(db.resolve("scan"))) {
      out.println("table scan (" + rows + " rows) already in " + db);
      return;
    }
    long start = System.nanoTime();
    BlzTable table = BlzDatabase.open(db, true).createTable("scan", DataShapeParser.parse("var * {v: int64, g: int32}"),
        BlzDatabase.DEFAULT_CHUNK_ROWS);
    try (TableAppender appender = table.appender()) {
      ColumnWriter v = appender.writer("v");
      ColumnWriter g = appender.writer("g");
      for (long i = 0; i < rows; i++) {
        v.appendLong((i * K) % M);
        g.appendLong(i % 16);
        appender.endRow();
      }
      appender.commit();
    }
    out.printf("BLZ table of %,d rows written in %.1f s%n", rows, Timing.seconds(start));
  }

  /**
   * The median of the timed runs after three untimed ones: the first decodes the table into the
   * chunk cache (1.1 s for SUM(v)), the next two still ran while the JIT compiled (57 and 48 ms,
   * then 37 to 45 ms). The statement is prepared once, on every engine: this bench measures the
   * scan, and planning it would add 3 to 20 ms (Calcite's planner warming up) to BlazeDB's times.
   */
  private double time(Connection c, String sql) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql)) {
      for (int warmUp = 0; warmUp < 3; warmUp++) {
        run(statement);
      }
      double[] seconds = new double[runs];
      for (int r = 0; r < runs; r++) {
        long start = System.nanoTime();
        run(statement);
        seconds[r] = Timing.seconds(start);
      }
      return Timing.median(seconds);
    }
  }

  private static long run(PreparedStatement statement) throws SQLException {
    long check = 0;
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        check += rs.getLong(rs.getMetaData().getColumnCount());
      }
    }
    return check;
  }

  /** The three queries as plain loops over off-heap arrays of the same values, one thread. */
  private double[] javaLoop() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment v = arena.allocate(8 * rows, 64);
      MemorySegment g = arena.allocate(4 * rows, 64);
      for (long i = 0; i < rows; i++) {
        v.setAtIndex(ValueLayout.JAVA_LONG, i, (i * K) % M);
        g.setAtIndex(ValueLayout.JAVA_INT, i, (int) (i % 16));
      }
      List<java.util.function.LongSupplier> loops = List.of(
          () -> {
            long sum = 0;
            for (long i = 0; i < rows; i++) {
              sum += v.getAtIndex(ValueLayout.JAVA_LONG, i);
            }
            return sum;
          },
          () -> {
            long sum = 0;
            for (long i = 0; i < rows; i++) {
              sum += g.getAtIndex(ValueLayout.JAVA_INT, i) < 4 ? v.getAtIndex(ValueLayout.JAVA_LONG, i) : 0;
            }
            return sum;
          },
          () -> {
            long[] sums = new long[16];
            for (long i = 0; i < rows; i++) {
              sums[g.getAtIndex(ValueLayout.JAVA_INT, i)] += v.getAtIndex(ValueLayout.JAVA_LONG, i);
            }
            return sums[0];
          });
      double[] times = new double[loops.size()];
      for (int q = 0; q < loops.size(); q++) {
        loops.get(q).getAsLong();
        double[] seconds = new double[runs];
        for (int r = 0; r < runs; r++) {
          long start = System.nanoTime();
          loops.get(q).getAsLong();
          seconds[r] = Timing.seconds(start);
        }
        times[q] = Timing.median(seconds);
      }
      return times;
    }
  }
}
