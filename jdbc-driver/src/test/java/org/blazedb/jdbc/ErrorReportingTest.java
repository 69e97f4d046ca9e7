package org.blazedb.jdbc;

import static org.blazedb.jdbc.JdbcTestSupport.assertMessages;
import static org.blazedb.jdbc.JdbcTestSupport.assertSqlError;
import static org.blazedb.jdbc.JdbcTestSupport.connect;
import static org.blazedb.jdbc.JdbcTestSupport.count;
import static org.blazedb.jdbc.JdbcTestSupport.execute;
import static org.blazedb.jdbc.JdbcTestSupport.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors come back as SQLExceptions that say what is wrong and where. */
class ErrorReportingTest {
  @TempDir Path dir;
  private Connection conn;

  @BeforeEach
  void open() throws SQLException {
    conn = connect(dir.resolve("db"));
    execute(conn, "CREATE TABLE items (id INT NOT NULL, name VARCHAR(10))");
    execute(conn, "INSERT INTO items VALUES (1, 'one'), (2, 'two')");
  }

  @AfterEach
  void close() throws SQLException {
    conn.close();
  }

  @Test
  void syntaxErrorGivesLineAndColumn() {
    assertSqlError(conn, "SELECT id FROM items\nWHERE id = = 1", "line 2, column 10");
    assertSqlError(conn, "SELECT id, FROM items", "line 1, column 12");
    assertSqlError(conn, "CREATE TABEL x (a INT)", "TABEL", "line 1, column 8");
  }

  @Test
  void misspelledKeywordGivesLineAndColumn() {
    assertSqlError(conn, "SELEC id FROM items", "line 1, column 1");
    assertSqlError(conn, "\n\n  SELEC id FROM items", "line 3, column 3");
  }

  @Test
  void missingTableIsNamed() {
    assertSqlError(conn, "SELECT * FROM no_such_table", "no_such_table", "not found", "line 1, column 15");
    assertSqlError(conn, "INSERT INTO no_such_table VALUES (1)", "no_such_table", "not found");
  }

  @Test
  void missingColumnIsNamed() {
    assertSqlError(conn, "SELECT id, no_such_column FROM items", "no_such_column", "not found");
    assertSqlError(conn, "SELECT id FROM items WHERE colour = 'red'", "colour", "not found");
    assertSqlError(conn, "INSERT INTO items (id, colour) VALUES (3, 'red')", "colour");
  }

  /**
   * An error met while rows are read (a division by zero in the second row) comes out of
   * {@code next()} as a SQLException, in Calcite's code and around the engine alike, and the
   * connection goes on.
   */
  @Test
  void errorWhileReadingRowsIsAnSqlException() throws SQLException {
    for (String engine : List.of("vector", "enumerable")) {
      try (Connection c = DriverManager.getConnection(url(dir.resolve("db")) + ";engine=" + engine)) {
        SQLException e = assertThrows(SQLException.class,
            () -> JdbcTestSupport.rows(c, "SELECT id, 10 / (id - 2) FROM items"), engine);
        assertMessages(e, "/ by zero");
        assertEquals(2, count(c, "SELECT COUNT(*) FROM items"), engine);
      }
    }
  }

  @Test
  void databaseDirectoryThatDoesNotExist() {
    Path missing = dir.resolve("no-such-db");
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url(missing)).close());
    assertMessages(e, missing.toString(), "no database", "create=true");
    assertEquals("08001", e.getSQLState());
    assertFalse(Files.exists(missing), "a connection without create=true must not create the database");
  }

  @Test
  void malformedUrlProperty() {
    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(url(dir.resolve("db")) + ";create").close());
    assertMessages(e, "create", "key=value");
  }

  @Test
  void corruptChunkNamesTableColumnAndChunk() throws IOException, SQLException {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < 12; i++) {
      json.append(i == 0 ? "" : ",").append("{\"id\": ").append(i).append(", \"v\": ").append(i * 1_000_003L).append('}');
    }
    Path db = dir.resolve("db");
    JdbcTestSupport.loadJson(db, "sample", dir.resolve("sample.json"), "var * {id: int64, v: int64}", 4,
        json.append(']').toString());
    // column v not read yet: a chunk once read stays decoded in memory (DecodedChunkCache), and
    // damage done to its file afterwards shows only when it is read from disk again
    assertEquals(12L, count(conn, "SELECT COUNT(id) FROM sample"));

    List<Path> chunks;
    try (Stream<Path> files = Files.list(db.resolve("sample").resolve("cols").resolve("v"))) {
      chunks = files.filter(f -> f.toString().endsWith(".chunk")).sorted().toList();
    }
    assertEquals(3, chunks.size(), "12 rows in chunks of 4: " + chunks);
    Path damaged = chunks.get(1);
    byte[] bytes = Files.readAllBytes(damaged);
    bytes[bytes.length - 3] ^= 0x01;
    Files.write(damaged, bytes);

    SQLException e = assertSqlError(conn, "SELECT SUM(v) FROM sample", "table 'sample'", "column 'v'", "chunk 1",
        damaged.getFileName().toString());
    assertTrue(e.getMessage().contains("sample"), "the top message names the table: " + e.getMessage());
    // The other column is intact and still readable.
    assertEquals(66L, count(conn, "SELECT SUM(id) FROM sample"));
  }

  @Test
  void updateOfAMissingColumnNamesIt() throws SQLException {
    assertSqlError(conn, "UPDATE items SET nope = 'uno' WHERE id = 1", "nope");
    assertEquals(2L, count(conn, "SELECT COUNT(*) FROM items"));
  }

  @Test
  void calcitePlannerBugsAreSqlExceptions() {
    // Calcite 1.41 fails an internal assertion on the monotonicity of CAST(NULL AS REAL) / -x.
    assertSqlError(conn, "SELECT DISTINCT CAST ( NULL AS REAL ) / - id * - - id AS c0 FROM items",
        "internal error in Calcite", "not a literal");
  }

  @Test
  void mergeIsNotSupported() throws SQLException {
    assertSqlError(conn, "MERGE INTO items t USING (VALUES (1, 'uno')) AS s (id, name) ON t.id = s.id"
        + " WHEN MATCHED THEN UPDATE SET name = s.name", "MERGE is not supported", "items");
    assertEquals(2L, count(conn, "SELECT COUNT(*) FROM items"));
  }
}
