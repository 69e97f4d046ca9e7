package org.blazedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.blazedb.engine.datashape.DataShapeParser;
import org.blazedb.storage.blz.BlzDatabase;
import org.blazedb.storage.blz.BlzTable;
import org.blazedb.storage.blz.TableAppender;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statement.cancel and setQueryTimeout stop a running query (the scans check them). */
class QueryCancelTest {
  /** A self-join that takes many seconds: every probe row scans on, so the check is reached. */
  private static final String SLOW = "SELECT COUNT(*) FROM big a, big b WHERE a.v + b.v = -1";

  @TempDir static Path dir;

  @BeforeAll
  static void load() {
    BlzTable big = BlzDatabase.open(dir.resolve("db"), true)
        .createTable("big", DataShapeParser.parse("var * {v: int64}"), BlzDatabase.DEFAULT_CHUNK_ROWS);
    try (TableAppender a = big.appender()) {
      for (long v = 0; v < 200_000; v++) {
        a.writer("v").appendLong(v);
        a.endRow();
      }
      a.commit();
    }
  }

  @Test
  void queryTimeoutStopsTheQuery() throws SQLException {
    try (Connection c = JdbcTestSupport.connect(dir.resolve("db")); Statement s = c.createStatement()) {
      s.setQueryTimeout(1);
      long start = System.nanoTime();
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(SLOW).next());
      JdbcTestSupport.assertMessages(e, "timed out after 1 s");
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "stopped soon after the timeout");
    }
  }

  @Test
  void cancelFromAnotherThreadStopsTheQuery() throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try (Connection c = JdbcTestSupport.connect(dir.resolve("db")); Statement s = c.createStatement()) {
      timer.schedule(() -> {
        s.cancel();
        return null;
      }, 500, TimeUnit.MILLISECONDS);
      SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(SLOW).next());
      JdbcTestSupport.assertMessages(e, "cancelled");
      JdbcTestSupport.value(c, "SELECT COUNT(*) FROM big"); // the connection goes on working
    } finally {
      timer.shutdownNow();
    }
  }
}
