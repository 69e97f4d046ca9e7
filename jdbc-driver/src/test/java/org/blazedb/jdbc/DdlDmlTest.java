package org.blazedb.jdbc;

import static org.blazedb.jdbc.JdbcTestSupport.assertSqlError;
import static org.blazedb.jdbc.JdbcTestSupport.connect;
import static org.blazedb.jdbc.JdbcTestSupport.count;
import static org.blazedb.jdbc.JdbcTestSupport.execute;
import static org.blazedb.jdbc.JdbcTestSupport.row;
import static org.blazedb.jdbc.JdbcTestSupport.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.blazedb.engine.datashape.DataShapeParser;
import org.blazedb.storage.blz.BlzDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DDL and DML round trips in one connection: CREATE TABLE [AS], INSERT, DROP, views, NOT NULL. */
class DdlDmlTest {
  private static final String ALL_TYPES = "CREATE TABLE t (a INT NOT NULL, b VARCHAR(10), c DOUBLE, d DATE,"
      + " e TIMESTAMP, f DECIMAL(10, 2), g BOOLEAN, h BIGINT, i SMALLINT, j TINYINT, k REAL, l VARBINARY(4), m TIME)";
  private static final String ALL_TYPES_ROWS = "INSERT INTO t VALUES"
      + " (1, 'one', 1.5, DATE '2024-02-29', TIMESTAMP '2024-02-29 13:45:30.123', 12.34, TRUE, 10000000000,"
      + "  -5, 7, 0.5, x'0102', TIME '13:45:30'),"
      + " (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
      + " (3, '', -1.25, DATE '1969-12-31', TIMESTAMP '1970-01-01 00:00:00', -0.01, FALSE, -1, 0, -128, -2.25, x'', TIME '00:00:00')";

  @TempDir Path dir;
  private Connection conn;

  @BeforeEach
  void open() throws SQLException {
    conn = connect(dir.resolve("db"));
  }

  @AfterEach
  void close() throws SQLException {
    conn.close();
  }

  /** All rows of t as text, ordered by a (getString of each column). */
  private List<List<Object>> tableAsText(String table) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (var s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY a")) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static final List<List<Object>> ALL_TYPES_TEXT = List.of(
      row("1", "one", "1.5", "2024-02-29", "2024-02-29 13:45:30.123", "12.34", "true", "10000000000", "-5", "7",
          "0.5", "0102", "13:45:30"),
      row("2", null, null, null, null, null, null, null, null, null, null, null, null),
      row("3", "", "-1.25", "1969-12-31", "1970-01-01 00:00:00", "-0.01", "false", "-1", "0", "-128", "-2.25", "",
          "00:00:00"));

  @Test
  void createInsertSelectRoundTrip() throws SQLException {
    assertEquals(0, execute(conn, ALL_TYPES));
    assertEquals(3, execute(conn, ALL_TYPES_ROWS));
    List<List<Object>> actual = tableAsText("t");
    assertEquals(ALL_TYPES_TEXT.size(), actual.size());
    for (int r = 0; r < actual.size(); r++) {
      for (int c = 0; c < actual.get(r).size(); c++) {
        Object expected = ALL_TYPES_TEXT.get(r).get(c);
        Object value = actual.get(r).get(c);
        boolean timeLike = expected != null && value != null && (c == 4 || c == 12);
        // TIME and TIMESTAMP text may carry the fraction: compare their leading part.
        assertTrue(timeLike ? ((String) value).startsWith((String) expected) : java.util.Objects.equals(expected, value),
            "row " + (r + 1) + " column " + (c + 1) + ": expected " + expected + ", was " + value);
      }
    }
    try (var s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT f, l, e FROM t WHERE a = 1")) {
      assertTrue(rs.next());
      assertEquals(new BigDecimal("12.34"), rs.getBigDecimal(1));
      assertArrayEquals(new byte[] {1, 2}, rs.getBytes(2));
      assertEquals(java.time.LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_000_000)
          .toInstant(java.time.ZoneOffset.UTC).toEpochMilli(), rs.getTimestamp(3).getTime());
    }
  }

  @Test
  void createdColumnTypesAreTheDeclaredOnes() throws SQLException {
    execute(conn, ALL_TYPES);
    try (var s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM t")) {
      ResultSetMetaData md = rs.getMetaData();
      int[] expected = {Types.INTEGER, Types.VARCHAR, Types.DOUBLE, Types.DATE, Types.TIMESTAMP, Types.DECIMAL,
          Types.BOOLEAN, Types.BIGINT, Types.SMALLINT, Types.TINYINT, Types.REAL, Types.VARBINARY, Types.TIME};
      assertEquals(expected.length, md.getColumnCount());
      for (int i = 1; i <= expected.length; i++) {
        assertEquals(expected[i - 1], md.getColumnType(i), md.getColumnName(i));
        assertEquals(i == 1 ? ResultSetMetaData.columnNoNulls : ResultSetMetaData.columnNullable, md.isNullable(i),
            md.getColumnName(i));
      }
      assertEquals(2, md.getScale(6));
    }
    // As in DuckDB and SQLite, VARCHAR(n) does not limit the length (Calcite would cut values).
    assertEquals(DataShapeParser.parse("var * {a: int32, b: ?string, c: ?float64, d: ?date, e: ?datetime,"
            + " f: ?decimal[10, 2], g: ?bool, h: ?int64, i: ?int16, j: ?int8, k: ?float32, l: ?bytes, m: ?time}"),
        BlzDatabase.open(dir.resolve("db"), false).table("t").shape());
  }

  @Test
  void insertSelectAppends() throws SQLException {
    execute(conn, ALL_TYPES);
    execute(conn, ALL_TYPES_ROWS);
    assertEquals(2, execute(conn, "INSERT INTO t SELECT a + 10, b, c, d, e, f, g, h, i, j, k, l, m FROM t WHERE a <> 2"));
    assertEquals(List.of(row(1), row(2), row(3), row(11), row(13)), rows(conn, "SELECT a FROM t ORDER BY a"));
    assertEquals(List.of(row("one", new BigDecimal("12.34"))), rows(conn, "SELECT b, f FROM t WHERE a = 11"));
  }

  @Test
  void notNullViolationNamesTheColumnAndInsertsNothing() throws SQLException {
    execute(conn, "CREATE TABLE strict (id INT NOT NULL, note VARCHAR(10))");
    execute(conn, "INSERT INTO strict VALUES (1, 'kept')");
    // A NULL literal is refused before the insert starts.
    assertSqlError(conn, "INSERT INTO strict VALUES (2, 'x'), (NULL, 'y')", "'id'", "NULL");
    assertSqlError(conn, "INSERT INTO strict (note) VALUES ('no id')", "'id'");
    // A NULL coming from a query is found while writing: the rows before it must not be committed.
    execute(conn, "CREATE TABLE source (id INT, note VARCHAR(10))");
    execute(conn, "INSERT INTO source VALUES (10, 'a'), (11, 'b'), (NULL, 'c'), (12, 'd')");
    assertSqlError(conn, "INSERT INTO strict SELECT id, note FROM source", "'id'", "NOT NULL");
    assertEquals(List.of(row(1, "kept")), rows(conn, "SELECT * FROM strict"));
    // The table still takes good rows.
    assertEquals(3, execute(conn, "INSERT INTO strict SELECT id, note FROM source WHERE id IS NOT NULL"));
    assertEquals(4L, count(conn, "SELECT COUNT(*) FROM strict"));
  }

  @Test
  void createTableAsSelectPreservesData() throws SQLException {
    execute(conn, ALL_TYPES);
    execute(conn, ALL_TYPES_ROWS);
    execute(conn, "CREATE TABLE copy AS SELECT * FROM t");
    assertEquals(tableAsText("t"), tableAsText("copy"));
    assertEquals(BlzDatabase.open(dir.resolve("db"), false).table("t").shape(),
        BlzDatabase.open(dir.resolve("db"), false).table("copy").shape());

    execute(conn, "CREATE TABLE derived AS SELECT a, b || '!' AS shout, f * 2 AS twice FROM t WHERE a <> 2");
    assertEquals(List.of(row(1, "one!", new BigDecimal("24.68")), row(3, "!", new BigDecimal("-0.02"))),
        rows(conn, "SELECT * FROM derived ORDER BY a"));

    execute(conn, "CREATE TABLE renamed (x, y) AS SELECT a, b FROM t WHERE a = 1");
    assertEquals(List.of(row(1, "one")), rows(conn, "SELECT x, y FROM renamed"));
  }

  @Test
  void createTableAsSelectOfAWholeTableKeepsItsDataShape() throws SQLException {
    String shape = "var * {id: int64, level: categorical[['low', 'high']], tiny: uint8, doc: json,"
        + " at: datetime[tz='UTC'], tags: var * string}";
    JdbcTestSupport.loadJson(dir.resolve("db"), "src", dir.resolve("src.json"), shape, 16,
        "[{\"id\": 1, \"level\": \"high\", \"tiny\": 200, \"doc\": {\"k\": [1]}, \"at\": \"2024-01-01T00:00:00Z\","
            + " \"tags\": [\"a\", \"b\"]}]");
    execute(conn, "CREATE TABLE dst AS SELECT * FROM src");
    assertEquals(DataShapeParser.parse(shape), BlzDatabase.open(dir.resolve("db"), false).table("dst").shape());
    assertEquals(rows(conn, "SELECT * FROM src"), rows(conn, "SELECT * FROM dst"));
  }

  @Test
  void createTableAsSelectFailingMidwayLeavesNoTable() throws SQLException {
    execute(conn, "CREATE TABLE source (id INT NOT NULL)");
    execute(conn, "INSERT INTO source VALUES (1), (2), (3)");
    assertSqlError(conn, "CREATE TABLE ratio AS SELECT 10 / (id - 2) AS q FROM source", "by zero");
    assertFalse(BlzDatabase.open(dir.resolve("db"), false).exists("ratio"));
    assertSqlError(conn, "SELECT * FROM ratio", "ratio", "not found");
  }

  @Test
  void decimalsOfUpTo38Digits() throws SQLException {
    execute(conn, "CREATE TABLE wide (x DECIMAL(30, 5), y DECIMAL(38, 0))");
    execute(conn, "INSERT INTO wide VALUES (1234567890123456789012345.12345, 12345678901234567890123456789012345678),"
        + " (-0.00001, -1)");
    assertEquals(List.of(row(new BigDecimal("-0.00001"), new BigDecimal("-1")),
            row(new BigDecimal("1234567890123456789012345.12345"), new BigDecimal("12345678901234567890123456789012345678"))),
        rows(conn, "SELECT x, y FROM wide ORDER BY x"));
    execute(conn, "CREATE TABLE doubled AS SELECT x * 2 AS x2 FROM wide WHERE y > 0");
    assertEquals(List.of(row(new BigDecimal("2469135780246913578024690.24690"))), rows(conn, "SELECT x2 FROM doubled"));
    assertEquals(DataShapeParser.parse("var * {x: ?decimal[30, 5], y: ?decimal[38, 0]}"),
        BlzDatabase.open(dir.resolve("db"), false).table("wide").shape());
  }

  @Test
  void createTableIfNotExistsKeepsTheExistingTable() throws SQLException {
    execute(conn, "CREATE TABLE keep (a INT NOT NULL)");
    execute(conn, "INSERT INTO keep VALUES (1), (2)");
    assertEquals(0, execute(conn, "CREATE TABLE IF NOT EXISTS keep (z VARCHAR(3), y INT)"));
    assertEquals(List.of(row(1), row(2)), rows(conn, "SELECT * FROM keep ORDER BY a"));
    assertSqlError(conn, "CREATE TABLE keep (z VARCHAR(3))", "keep", "already exists");
    execute(conn, "CREATE TABLE IF NOT EXISTS fresh (z VARCHAR(3))");
    assertEquals(0L, count(conn, "SELECT COUNT(*) FROM fresh"));
  }

  @Test
  void dropTable() throws SQLException {
    execute(conn, "CREATE TABLE doomed (a INT)");
    execute(conn, "INSERT INTO doomed VALUES (1)");
    assertEquals(0, execute(conn, "DROP TABLE doomed"));
    assertSqlError(conn, "SELECT * FROM doomed", "doomed", "not found");
    assertFalse(BlzDatabase.open(dir.resolve("db"), false).exists("doomed"));
    assertSqlError(conn, "DROP TABLE doomed", "doomed", "not found");
    assertEquals(0, execute(conn, "DROP TABLE IF EXISTS doomed"));
    // The name can be used again, for a different table.
    execute(conn, "CREATE TABLE doomed (b VARCHAR(5))");
    assertEquals(0L, count(conn, "SELECT COUNT(*) FROM doomed"));
  }

  @Test
  void viewsCreateQueryReplaceDrop() throws SQLException {
    execute(conn, "CREATE TABLE base (a INT NOT NULL, b VARCHAR(5))");
    execute(conn, "INSERT INTO base VALUES (1, 'x'), (2, 'y'), (3, 'z')");
    execute(conn, "CREATE VIEW odd AS SELECT a, b FROM base WHERE a % 2 = 1");
    assertEquals(List.of(row(1, "x"), row(3, "z")), rows(conn, "SELECT * FROM odd ORDER BY a"));
    execute(conn, "INSERT INTO base VALUES (5, 'w')");
    assertEquals(3L, count(conn, "SELECT COUNT(*) FROM odd"), "a view sees new rows");
    assertSqlError(conn, "CREATE VIEW odd AS SELECT a FROM base", "odd");
    execute(conn, "CREATE OR REPLACE VIEW odd AS SELECT a FROM base WHERE a > 2");
    assertEquals(List.of(row(3), row(5)), rows(conn, "SELECT * FROM odd ORDER BY a"));
    // Validated with the connection's settings: case-insensitive names, GROUP BY an alias (LENIENT).
    execute(conn, "CREATE VIEW per_letter AS SELECT UPPER(b) AS letter, COUNT(*) AS n FROM BASE GROUP BY letter");
    assertEquals(List.of(row("W", 1L), row("X", 1L)),
        rows(conn, "SELECT * FROM Per_Letter WHERE letter < 'Y' ORDER BY 1"));
    assertSqlError(conn, "CREATE VIEW base AS SELECT 1 AS one", "base");
    assertSqlError(conn, "CREATE VIEW broken AS SELECT nope FROM base", "nope");
    execute(conn, "DROP VIEW odd");
    assertSqlError(conn, "SELECT * FROM odd", "odd", "not found");
    assertSqlError(conn, "DROP VIEW odd", "odd");
    execute(conn, "DROP VIEW IF EXISTS odd");
  }

  @Test
  void columnTypeThatCannotBeStoredIsNamed() throws SQLException {
    assertSqlError(conn, "CREATE TABLE bad (ok INT, span INTERVAL DAY)", "span", "INTERVAL");
    assertFalse(BlzDatabase.open(dir.resolve("db"), false).exists("bad"));
  }
}
