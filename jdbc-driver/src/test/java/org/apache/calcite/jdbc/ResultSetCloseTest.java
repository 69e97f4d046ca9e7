package org.apache.calcite.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.avatica.AvaticaStatement;
import org.blazedb.calcite.StatementBudgets;
import org.blazedb.engine.datashape.DataShapeParser;
import org.blazedb.engine.exec.MemoryBudget;
import org.blazedb.storage.blz.BlzDatabase;
import org.blazedb.storage.blz.BlzTable;
import org.blazedb.storage.blz.TableAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a result set frees the rows the engine held for its query (sorted rows, join build
 * sides): its memory budgets are closed then, not when the garbage collector finds them. So they
 * are when the statement runs another query, which closes its result set, and when the rows were
 * read only in part by several workers, which are stopped first.
 */
class ResultSetCloseTest {
  @TempDir
  static Path dir;
  private static Connection connection;

  @BeforeAll
  static void load() throws Exception {
    // 200,000 rows in 4 chunks: enough for the engine to read them on several threads
    BlzTable table = BlzDatabase.open(dir, false).createTable("t",
        DataShapeParser.parse("var * {k: int64, s: string}"), 1 << 16);
    try (TableAppender appender = table.appender()) {
      for (long i = 0; i < 200_000; i++) {
        appender.writer("k").appendLong(i);
        appender.writer("s").appendString("s" + i % 1000);
        appender.endRow();
      }
      appender.commit();
    }
    connection = DriverManager.getConnection("jdbc:blaze:" + dir);
  }

  @AfterAll
  static void close() throws SQLException {
    connection.close();
  }

  @Test
  void closingTheResultSetFreesTheSortedRows() throws Exception {
    try (Statement statement = connection.createStatement()) {
      ResultSet rows = statement.executeQuery("SELECT k, s FROM t WHERE k < 5000 ORDER BY s, k");
      assertTrue(rows.next());
      assertEquals("s0", rows.getString(2));
      List<MemoryBudget> budgets = openBudgets(statement);
      rows.close();
      budgets.forEach(budget -> assertTrue(budget.closed()));
      assertTrue(StatementBudgets.of(flag(statement)).isEmpty());
    }
  }

  @Test
  void runningTheStatementAgainFreesTheFirstQuerysRows() throws Exception {
    try (Statement statement = connection.createStatement()) {
      ResultSet rows = statement.executeQuery("SELECT s, COUNT(*) FROM t GROUP BY s ORDER BY 2 DESC, 1");
      assertTrue(rows.next());
      List<MemoryBudget> budgets = openBudgets(statement);
      try (ResultSet again = statement.executeQuery("SELECT MAX(k) FROM t")) {
        budgets.forEach(budget -> assertTrue(budget.closed()));
        assertTrue(again.next());
        assertEquals(199_999L, again.getLong(1));
      }
    }
  }

  @Test
  void closingRowsReadInPartStopsTheWorkersAndFreesTheJoinTable() throws Exception {
    try (Statement statement = connection.createStatement()) {
      ResultSet rows = statement.executeQuery(
          "SELECT a.k, b.s FROM t a JOIN (SELECT k, s FROM t WHERE k % 3 = 0) b ON a.k = b.k");
      assertTrue(rows.next());
      List<MemoryBudget> budgets = openBudgets(statement);
      rows.close();
      budgets.forEach(budget -> assertTrue(budget.closed()));
    }
  }

  private static List<MemoryBudget> openBudgets(Statement statement) throws Exception {
    List<MemoryBudget> budgets = StatementBudgets.of(flag(statement));
    assertFalse(budgets.isEmpty());
    budgets.forEach(budget -> assertFalse(budget.closed()));
    return budgets;
  }

  private static AtomicBoolean flag(Statement statement) throws Exception {
    return BlazeJdbcFactory.cancelFlag(statement.unwrap(AvaticaStatement.class));
  }
}
