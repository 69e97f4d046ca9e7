package org.blazedb.jdbc;

import static org.blazedb.jdbc.JdbcTestSupport.assertSqlError;
import static org.blazedb.jdbc.JdbcTestSupport.connect;
import static org.blazedb.jdbc.JdbcTestSupport.count;
import static org.blazedb.jdbc.JdbcTestSupport.execute;
import static org.blazedb.jdbc.JdbcTestSupport.row;
import static org.blazedb.jdbc.JdbcTestSupport.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several connections to one database: what one does, the others see; concurrent INSERTs all land. */
class MultiConnectionTest {
  @TempDir Path dir;

  private Path db() {
    return dir.resolve("db");
  }

  @Test
  void viewsPersistAcrossConnections() throws SQLException {
    try (Connection first = connect(db())) {
      execute(first, "CREATE TABLE sales (region VARCHAR(10) NOT NULL, amount DOUBLE NOT NULL)");
      execute(first, "INSERT INTO sales VALUES ('north', 10), ('south', 5), ('north', 2.5)");
      execute(first, "CREATE VIEW per_region AS SELECT region, SUM(amount) AS total FROM sales GROUP BY region");
    }
    try (Connection second = connect(db())) {
      assertEquals(List.of(row("north", 12.5), row("south", 5.0)),
          rows(second, "SELECT * FROM per_region ORDER BY region"));
      execute(second, "DROP VIEW per_region");
    }
    try (Connection third = connect(db())) {
      assertSqlError(third, "SELECT * FROM per_region", "per_region", "not found");
    }
  }

  @Test
  void tableCreatedInOneConnectionIsVisibleInAnotherOpenOne() throws SQLException {
    try (Connection a = connect(db()); Connection b = connect(db())) {
      execute(b, "CREATE TABLE existing (x INT)");
      assertEquals(0L, count(b, "SELECT COUNT(*) FROM existing")); // b has looked at the schema already
      assertSqlError(b, "SELECT * FROM fresh", "fresh", "not found");

      execute(a, "CREATE TABLE fresh (x INT NOT NULL)");
      execute(a, "INSERT INTO fresh VALUES (1), (2)");
      assertEquals(List.of(row(1), row(2)), rows(b, "SELECT x FROM fresh ORDER BY x"));
      execute(b, "INSERT INTO fresh VALUES (3)");
      assertEquals(3L, count(a, "SELECT COUNT(*) FROM fresh"));
      assertEquals(List.of(row("existing"), row("fresh")), tableNames(b));

      execute(a, "DROP TABLE fresh");
      assertSqlError(b, "SELECT * FROM fresh", "fresh", "not found");
      assertEquals(List.of(row("existing")), tableNames(b));
    }
  }

  private static List<List<Object>> tableNames(Connection c) throws SQLException {
    List<List<Object>> names = new ArrayList<>();
    try (var rs = c.getMetaData().getTables(null, "blaze", null, null)) {
      while (rs.next()) {
        names.add(row(rs.getString("TABLE_NAME")));
      }
    }
    names.sort((x, y) -> ((String) x.getFirst()).compareTo((String) y.getFirst()));
    return names;
  }

  @Test
  void concurrentInsertsFromTwoConnectionsAllLand() throws Exception {
    int perThread = 50;
    try (Connection setup = connect(db())) {
      execute(setup, "CREATE TABLE hits (worker INT NOT NULL, n INT NOT NULL)");
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int worker = 0; worker < 2; worker++) {
        int w = worker;
        Callable<Integer> job = () -> {
          int inserted = 0;
          try (Connection c = connect(db());
               PreparedStatement ps = c.prepareStatement("INSERT INTO hits VALUES (?, ?)")) {
            start.await();
            for (int n = 0; n < perThread; n++) {
              ps.setInt(1, w);
              ps.setInt(2, n);
              inserted += ps.executeUpdate();
            }
          }
          return inserted;
        };
        results.add(pool.submit(job));
      }
      start.countDown();
      for (Future<Integer> r : results) {
        assertEquals(perThread, r.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    try (Connection check = connect(db())) {
      List<List<Object>> expected = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int worker = w;
        IntStream.range(0, perThread).forEach(n -> expected.add(row(worker, n)));
      }
      assertEquals(expected, rows(check, "SELECT worker, n FROM hits ORDER BY worker, n"));
    }
  }
}
