package org.blazedb.jdbc;

import static org.blazedb.jdbc.JdbcTestSupport.assertSqlError;
import static org.blazedb.jdbc.JdbcTestSupport.connect;
import static org.blazedb.jdbc.JdbcTestSupport.execute;
import static org.blazedb.jdbc.JdbcTestSupport.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Constant expressions the planner reduces, whose compiled code is kept between statements: the
 * same statement again, or one that differs only in a constant, gives the rows of its own
 * constants, and one that fails is left to fail when it runs.
 */
class ConstantReductionTest {
  @TempDir Path dir;
  private Connection conn;

  @BeforeEach
  void open() throws SQLException {
    conn = connect(dir.resolve("db"));
    execute(conn, "CREATE TABLE events (id INT NOT NULL, happened DATE, amount DECIMAL(8, 2))");
    execute(conn, "INSERT INTO events VALUES (1, DATE '2024-01-05', 1.50), (2, DATE '2024-01-15', 20.00), "
        + "(3, DATE '2024-02-01', 300.25), (4, NULL, 7.00)");
  }

  @AfterEach
  void close() throws SQLException {
    conn.close();
  }

  @Test
  void statementsThatDifferInAConstantGetTheirOwnValues() throws SQLException {
    for (int round = 0; round < 2; round++) {
      assertEquals(ids(1), rows(conn, "SELECT id FROM events WHERE happened < DATE '2024-01-01' + INTERVAL '10' DAY"));
      assertEquals(ids(1, 2), rows(conn, "SELECT id FROM events WHERE happened < DATE '2024-01-01' + INTERVAL '20' DAY ORDER BY id"));
      assertEquals(ids(3), rows(conn, "SELECT id FROM events WHERE amount > 10 * 10 + 0.25 - 0.25"));
      assertEquals(ids(2, 3), rows(conn, "SELECT id FROM events WHERE amount > 10 * 1 + 0.25 - 0.25 ORDER BY id"));
    }
  }

  @Test
  void aConstantThatFailsFailsWhenItRuns() throws SQLException {
    for (int round = 0; round < 2; round++) {
      assertSqlError(conn, "SELECT id FROM events WHERE id > 1 / 0", "/ by zero");
      assertEquals(ids(1, 2, 3, 4), rows(conn, "SELECT id FROM events ORDER BY id"));
    }
  }

  private static List<List<Object>> ids(Integer... ids) {
    return java.util.Arrays.stream(ids).map(id -> List.<Object>of(id)).toList();
  }
}
