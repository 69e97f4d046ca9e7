package org.blazedb.jdbc;

import static org.blazedb.jdbc.JdbcTestSupport.connect;
import static org.blazedb.jdbc.JdbcTestSupport.count;
import static org.blazedb.jdbc.JdbcTestSupport.execute;
import static org.blazedb.jdbc.JdbcTestSupport.row;
import static org.blazedb.jdbc.JdbcTestSupport.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prepared statements: parameters in queries and INSERTs, reuse, batches. */
class PreparedStatementTest {
  @TempDir Path dir;
  private Connection conn;

  @BeforeEach
  void open() throws SQLException {
    conn = connect(dir.resolve("db"));
    execute(conn, "CREATE TABLE people (id INT NOT NULL, name VARCHAR(20) NOT NULL, score DOUBLE, born DATE)");
    execute(conn, "INSERT INTO people VALUES (1, 'ada', 9.5, DATE '1815-12-10'), (2, 'alan', 8.0, DATE '1912-06-23'),"
        + " (3, 'grace', NULL, DATE '1906-12-09'), (4, 'edsger', 7.25, NULL)");
  }

  @AfterEach
  void close() throws SQLException {
    conn.close();
  }

  @Test
  void parametersInWhere() throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("SELECT name FROM people WHERE id = ?")) {
      assertEquals(1, ps.getParameterMetaData().getParameterCount());
      for (int id = 1; id <= 4; id++) { // the same statement, executed again with new values
        ps.setInt(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals(List.of("ada", "alan", "grace", "edsger").get(id - 1), rs.getString(1));
        }
      }
    }
    assertEquals(List.of(row("alan"), row("ada")),
        rows(conn, "SELECT name FROM people WHERE name LIKE ? AND score > ? ORDER BY score", "a%", 7.5));
    assertEquals(List.of(row(3)), rows(conn, "SELECT id FROM people WHERE born < ? AND score IS NULL",
        Date.valueOf("1950-01-01")));
    assertEquals(2L, count(conn, "SELECT COUNT(*) FROM people WHERE id BETWEEN ? AND ?", 2, 3));
  }

  @Test
  void insertWithParametersOfSeveralTypes() throws SQLException {
    execute(conn, "CREATE TABLE events (id BIGINT NOT NULL, label VARCHAR(30), amount DECIMAL(10, 2), ratio DOUBLE,"
        + " small SMALLINT, flag BOOLEAN, on_day DATE, at_time TIMESTAMP, raw VARBINARY(8))");
    try (PreparedStatement ps = conn.prepareStatement("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, 10_000_000_000L);
      ps.setString(2, "first ünïcode");
      ps.setBigDecimal(3, new BigDecimal("1234.56"));
      ps.setDouble(4, 0.125);
      ps.setShort(5, (short) -7);
      ps.setBoolean(6, true);
      ps.setDate(7, Date.valueOf("2024-02-29"));
      ps.setTimestamp(8, Timestamp.valueOf("2024-02-29 13:45:30.123"));
      ps.setBytes(9, new byte[] {1, 2, 3});
      assertEquals(1, ps.executeUpdate());

      ps.setLong(1, 2);
      ps.setNull(2, Types.VARCHAR);
      ps.setNull(3, Types.DECIMAL);
      ps.setNull(4, Types.DOUBLE);
      ps.setNull(5, Types.SMALLINT);
      ps.setNull(6, Types.BOOLEAN);
      ps.setNull(7, Types.DATE);
      ps.setNull(8, Types.TIMESTAMP);
      ps.setNull(9, Types.VARBINARY);
      assertEquals(1, ps.executeUpdate());
    }
    try (var s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM events ORDER BY id DESC")) {
      assertTrue(rs.next());
      assertEquals(10_000_000_000L, rs.getLong("id"));
      assertEquals("first ünïcode", rs.getString("label"));
      assertEquals(new BigDecimal("1234.56"), rs.getBigDecimal("amount"));
      assertEquals(0.125, rs.getDouble("ratio"));
      assertEquals(-7, rs.getShort("small"));
      assertTrue(rs.getBoolean("flag"));
      assertEquals("2024-02-29", rs.getString("on_day"));
      assertEquals("2024-02-29 13:45:30.123", rs.getString("at_time"));
      assertArrayEquals(new byte[] {1, 2, 3}, rs.getBytes("raw"));
      assertTrue(rs.next());
      assertEquals(2L, rs.getLong("id"));
      for (String column : List.of("label", "amount", "ratio", "small", "flag", "on_day", "at_time", "raw")) {
        assertEquals(null, rs.getObject(column), column);
      }
    }
  }

  @Test
  void setObjectInfersTheType() throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("INSERT INTO people VALUES (?, ?, ?, ?)")) {
      ps.setObject(1, 5);
      ps.setObject(2, "barbara");
      ps.setObject(3, 6.5);
      ps.setObject(4, Date.valueOf("1939-11-03"));
      assertEquals(1, ps.executeUpdate());
    }
    assertEquals(List.of(row(5, "barbara", 6.5, Date.valueOf("1939-11-03").toString())),
        rows(conn, "SELECT id, name, score, CAST(born AS VARCHAR(10)) FROM people WHERE id = ?", 5));
  }

  @Test
  void executeBatchInsertsEveryRow() throws SQLException {
    List<List<Object>> expected = new ArrayList<>(rows(conn, "SELECT id, name FROM people"));
    try (PreparedStatement ps = conn.prepareStatement("INSERT INTO people (id, name) VALUES (?, ?)")) {
      for (int id = 10; id < 15; id++) {
        ps.setInt(1, id);
        ps.setString(2, "batch " + id);
        ps.addBatch();
        expected.add(row(id, "batch " + id));
      }
      int[] counts = ps.executeBatch();
      assertArrayEquals(new int[] {1, 1, 1, 1, 1}, counts);
    }
    assertEquals(expected, rows(conn, "SELECT id, name FROM people ORDER BY id"));
    assertEquals(5L, count(conn, "SELECT COUNT(*) FROM people WHERE score IS NULL AND born IS NULL AND id >= 10"));
  }

  @Test
  void insertSelectWithParameter() throws SQLException {
    execute(conn, "CREATE TABLE good (id INT NOT NULL, name VARCHAR(20))");
    try (PreparedStatement ps = conn.prepareStatement("INSERT INTO good SELECT id, name FROM people WHERE score >= ?")) {
      ps.setDouble(1, 8.0);
      assertEquals(2, ps.executeUpdate());
    }
    assertEquals(List.of(row(1, "ada"), row(2, "alan")), rows(conn, "SELECT * FROM good ORDER BY id"));
  }
}
