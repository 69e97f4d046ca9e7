package org.blazedb.jdbc;

import static org.blazedb.jdbc.JdbcTestSupport.connect;
import static org.blazedb.jdbc.JdbcTestSupport.count;
import static org.blazedb.jdbc.JdbcTestSupport.execute;
import static org.blazedb.jdbc.JdbcTestSupport.row;
import static org.blazedb.jdbc.JdbcTestSupport.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.calcite.runtime.Hook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection plans a query text once while the database stays as it was; any change to a table,
 * a view or an index (from any connection) makes it plan again. Plans are counted by Calcite's
 * hook on each SQL-to-relational conversion, which only a real planning runs.
 */
class PlanCacheTest {
  private static final String TOTAL = "SELECT region, SUM(amount) FROM sales GROUP BY region ORDER BY region";

  @TempDir Path dir;
  private final AtomicInteger plans = new AtomicInteger();

  private Path db() {
    return dir.resolve("db");
  }

  @BeforeEach
  void createSales() throws SQLException {
    try (Connection c = connect(db())) {
      execute(c, "CREATE TABLE sales (region VARCHAR(10) NOT NULL, amount INT NOT NULL)");
      execute(c, "INSERT INTO sales VALUES ('north', 10), ('south', 5), ('north', 2)");
    }
  }

  /** The rows of {@code sql}, counting whether it was planned. */
  private List<List<Object>> planned(Connection c, String sql) throws SQLException {
    try (Hook.Closeable ignored = Hook.CONVERTED.addThread((java.util.function.Consumer<Object>) rel -> plans.incrementAndGet())) {
      return rows(c, sql);
    }
  }

  @Test
  void aQueryIsPlannedOnceWhileNothingChanges() throws SQLException {
    try (Connection c = connect(db())) {
      for (int i = 0; i < 3; i++) {
        assertEquals(List.of(row("north", 12), row("south", 5)), planned(c, TOTAL));
      }
      assertEquals(1, plans.get());
      planned(c, TOTAL.replace("ORDER BY region", "ORDER BY region DESC")); // another text
      assertEquals(2, plans.get());
    }
  }

  @Test
  void rowsCommittedByAnotherConnectionMakeItPlanAgain() throws SQLException {
    try (Connection c = connect(db()); Connection other = connect(db())) {
      planned(c, TOTAL);
      execute(other, "INSERT INTO sales VALUES ('south', 1)");
      assertEquals(List.of(row("north", 12), row("south", 6)), planned(c, TOTAL));
      assertEquals(2, plans.get());
    }
  }

  @Test
  void aTableDroppedAndCreatedWithOtherColumnsIsPlannedAnew() throws SQLException {
    try (Connection c = connect(db()); Connection other = connect(db())) {
      planned(c, TOTAL);
      execute(other, "DROP TABLE sales");
      execute(other, "CREATE TABLE sales (amount DOUBLE NOT NULL, region VARCHAR(10) NOT NULL)");
      execute(other, "INSERT INTO sales VALUES (1.5, 'west')");
      assertEquals(List.of(row("west", 1.5)), planned(c, TOTAL));
    }
  }

  @Test
  void aReplacedViewIsPlannedAnew() throws SQLException {
    try (Connection c = connect(db())) {
      execute(c, "CREATE VIEW big AS SELECT region FROM sales WHERE amount > 4");
      assertEquals(List.of(row("north"), row("south")), planned(c, "SELECT * FROM big ORDER BY region"));
      execute(c, "CREATE OR REPLACE VIEW big AS SELECT region FROM sales WHERE amount > 7");
      assertEquals(List.of(row("north")), planned(c, "SELECT * FROM big ORDER BY region"));
    }
  }

  @Test
  void statementsThatChangeTheDatabaseRunEachTime() throws SQLException {
    try (Connection c = connect(db())) {
      execute(c, "INSERT INTO sales VALUES ('east', 1)");
      execute(c, "INSERT INTO sales VALUES ('east', 1)");
      assertEquals(2L, count(c, "SELECT COUNT(*) FROM sales WHERE region = 'east'"));
      execute(c, "CREATE TABLE scratch (x INT)");
      execute(c, "DROP TABLE scratch");
      execute(c, "CREATE TABLE scratch (x INT)");
      execute(c, "INSERT INTO scratch VALUES (1)");
      assertEquals(1L, count(c, "SELECT COUNT(*) FROM scratch"));
    }
  }

  @Test
  void aFileReadAsATableIsReadAgain() throws Exception {
    Path file = dir.resolve("events.json");
    String count = "SELECT COUNT(*) FROM TABLE(read_json('" + file + "'))";
    try (Connection c = connect(db())) {
      java.nio.file.Files.writeString(file, "[{\"x\": 1}, {\"x\": 2}]");
      assertEquals(2L, count(c, count));
      java.nio.file.Files.writeString(file, "[{\"x\": 1}, {\"x\": 2}, {\"x\": 3}]");
      assertEquals(3L, count(c, count));
    }
  }

  @Test
  void maxRowsIsPartOfThePlan() throws SQLException {
    try (Connection c = connect(db()); Statement s = c.createStatement()) {
      s.setMaxRows(1);
      assertEquals(1, JdbcTestSupport.rows(s.executeQuery(TOTAL)).size());
      s.setMaxRows(0);
      assertEquals(2, JdbcTestSupport.rows(s.executeQuery(TOTAL)).size());
    }
  }

  @Test
  void theTimeIsTakenWhenTheQueryRuns() throws Exception {
    try (Connection c = connect(db())) {
      String now = "SELECT CURRENT_TIMESTAMP, COUNT(*) FROM sales";
      Object first = planned(c, now).getFirst().getFirst();
      Thread.sleep(20);
      Object second = planned(c, now).getFirst().getFirst();
      assertEquals(1, plans.get());
      assertNotEquals(first, second);
    }
  }
}
