package org.blazedb.jdbc;

import static org.blazedb.jdbc.JdbcTestSupport.assertSqlError;
import static org.blazedb.jdbc.JdbcTestSupport.connect;
import static org.blazedb.jdbc.JdbcTestSupport.count;
import static org.blazedb.jdbc.JdbcTestSupport.execute;
import static org.blazedb.jdbc.JdbcTestSupport.kivaFile;
import static org.blazedb.jdbc.JdbcTestSupport.kivaShape;
import static org.blazedb.jdbc.JdbcTestSupport.row;
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
 * UPDATE, DELETE, REPLACE and the keys they and INSERT enforce: PRIMARY KEY and UNIQUE constraints
 * and UNIQUE indexes. A change that fails leaves the table as it was.
 */
class TableChangeTest {
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

  private List<List<Object>> all(String table) throws SQLException {
    return rows(conn, "SELECT * FROM " + table + " ORDER BY 1, 2");
  }

  @Test
  void updateChangesTheMatchingRowsOnly() throws SQLException {
    execute(conn, "CREATE TABLE t (a INT, b VARCHAR(10), c DOUBLE)");
    // One commit per INSERT: the rows lie in several chunks.
    for (int i = 1; i <= 6; i++) {
      execute(conn, "INSERT INTO t VALUES (" + i + ", 'r" + i + "', " + i + ".5)");
    }
    assertEquals(2, execute(conn, "UPDATE t SET b = 'big', c = c * 2 WHERE a > 4"));
    assertEquals(1, execute(conn, "UPDATE t SET a = a + 10 WHERE a = (SELECT MIN(a) FROM t)"));
    assertEquals(0, execute(conn, "UPDATE t SET a = 0 WHERE b = 'none'"));
    assertEquals(List.of(row(2, "r2", 2.5), row(3, "r3", 3.5), row(4, "r4", 4.5), row(5, "big", 11.0),
        row(6, "big", 13.0), row(11, "r1", 1.5)), all("t"));
    assertEquals(6, execute(conn, "UPDATE t SET c = NULL"));
    assertEquals(0, count(conn, "SELECT COUNT(c) FROM t"));
  }

  @Test
  void deleteRemovesTheMatchingRowsOnly() throws SQLException {
    execute(conn, "CREATE TABLE t (a INT, b VARCHAR(10))");
    execute(conn, "INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, NULL)");
    execute(conn, "INSERT INTO t VALUES (4, 'x')");
    assertEquals(2, execute(conn, "DELETE FROM t WHERE b = 'x'"));
    assertEquals(0, execute(conn, "DELETE FROM t WHERE a > 100"));
    assertEquals(List.of(row(2, "y"), row(3, null)), all("t"));
    assertEquals(1, execute(conn, "DELETE FROM t WHERE a IN (SELECT MAX(a) FROM t)"));
    assertEquals(1, execute(conn, "DELETE FROM t"));
    assertEquals(0, count(conn, "SELECT COUNT(*) FROM t"));
    execute(conn, "INSERT INTO t VALUES (9, 'z')");
    assertEquals(List.of(row(9, "z")), all("t"));
  }

  @Test
  void equalRowsAreChangedAsAMultiset() throws SQLException {
    execute(conn, "CREATE TABLE t (a INT, b VARCHAR(10))");
    execute(conn, "INSERT INTO t VALUES (1, 'a'), (1, 'a'), (1, 'b'), (NULL, NULL), (NULL, NULL)");
    assertEquals(2, execute(conn, "UPDATE t SET b = 'c' WHERE b = 'a'"));
    assertEquals(List.of(row(1, "b"), row(1, "c"), row(1, "c"), row(null, null), row(null, null)), all("t"));
    assertEquals(2, execute(conn, "DELETE FROM t WHERE a IS NULL"));
    assertEquals(List.of(row(1, "b"), row(1, "c"), row(1, "c")), all("t"));
  }

  @Test
  void updateAndDeleteOfNestedRecordsKeepTheOtherFields() throws SQLException {
    Path db = dir.resolve("kiva");
    JdbcTestSupport.load(db, "loans", kivaFile("loans-tiny.json"), kivaShape(), 4);
    try (Connection c = connect(db)) {
      List<List<Object>> before = rows(c, "SELECT l.id, l.funded_amount, l.location.country, CARDINALITY(l.borrowers)"
          + " FROM loans l ORDER BY l.id");
      long first = ((Number) before.getFirst().getFirst()).longValue();
      assertEquals(1, execute(c, "UPDATE loans SET funded_amount = funded_amount + 1 WHERE id = " + first));
      List<List<Object>> after = rows(c, "SELECT l.id, l.funded_amount, l.location.country, CARDINALITY(l.borrowers)"
          + " FROM loans l ORDER BY l.id");
      assertEquals(before.size(), after.size());
      for (int i = 0; i < before.size(); i++) {
        List<Object> expected = new java.util.ArrayList<>(before.get(i));
        if (i == 0) {
          expected.set(1, ((Number) expected.get(1)).doubleValue() + 1);
        }
        assertEquals(expected.toString(), after.get(i).toString(), "loan " + expected.getFirst());
      }
      String country = (String) before.getFirst().get(2);
      long inCountry = count(c, "SELECT COUNT(*) FROM loans l WHERE l.location.country = ?", country);
      assertEquals(inCountry, execute(c, "DELETE FROM loans WHERE loans.location.country = '" + country + "'"));
      assertEquals(before.size() - inCountry, count(c, "SELECT COUNT(*) FROM loans"));
      assertEquals(0, count(c, "SELECT COUNT(*) FROM loans l WHERE l.location.country = ?", country));
    }
  }

  @Test
  void primaryKeyRefusesDuplicatesAndNulls() throws SQLException {
    execute(conn, "CREATE TABLE t (a INTEGER PRIMARY KEY, b VARCHAR(5))");
    execute(conn, "INSERT INTO t VALUES (1, 'x'), (2, 'y')");
    assertSqlError(conn, "INSERT INTO t VALUES (3, 'z'), (1, 'w')", "duplicate key (a) = [1]", "PRIMARY KEY (a)",
        "table 't'", "nothing was changed");
    assertSqlError(conn, "INSERT INTO t VALUES (4, 'z'), (4, 'w')", "duplicate key (a) = [4]");
    assertSqlError(conn, "INSERT INTO t VALUES (NULL, 'n')", "'A'", "NULL");
    assertSqlError(conn, "UPDATE t SET a = 2 WHERE a = 1", "duplicate key (a) = [2]");
    assertEquals(List.of(row(1, "x"), row(2, "y")), all("t"));
    assertEquals(2, execute(conn, "UPDATE t SET a = a + 10"));
    assertEquals(List.of(row(11, "x"), row(12, "y")), all("t"));
  }

  @Test
  void uniqueAllowsNullsAndCompositeKeysCompareAllColumns() throws SQLException {
    execute(conn, "CREATE TABLE t (a INT, b INT, c INT UNIQUE, CONSTRAINT pk PRIMARY KEY (a, b))");
    execute(conn, "INSERT INTO t VALUES (1, 1, NULL), (1, 2, NULL), (2, 1, 5)");
    assertSqlError(conn, "INSERT INTO t VALUES (1, 2, 7)", "duplicate key (a, b) = [1, 2]",
        "CONSTRAINT pk PRIMARY KEY (a, b)");
    assertSqlError(conn, "INSERT INTO t VALUES (3, 3, 5)", "duplicate key (c) = [5]", "UNIQUE (c)");
    assertEquals(3, count(conn, "SELECT COUNT(*) FROM t"));
  }

  @Test
  void replaceDropsTheRowsWithTheSameKey() throws SQLException {
    execute(conn, "CREATE TABLE t (a INTEGER PRIMARY KEY, b VARCHAR(30), c INTEGER UNIQUE)");
    execute(conn, "INSERT INTO t VALUES (1, 'one', 10), (2, 'two', 20), (3, 'three', 30)");
    assertEquals(1, execute(conn, "REPLACE INTO t VALUES (2, 'two again', 21)"));
    assertEquals(1, execute(conn, "INSERT OR REPLACE INTO t VALUES (4, 'four', 30)")); // same c as row 3
    assertEquals(2, execute(conn, "REPLACE INTO t (a, b, c) VALUES (5, 'first', 50), (5, 'second', 51)"));
    assertEquals(List.of(row(1, "one", 10), row(2, "two again", 21), row(4, "four", 30), row(5, "second", 51)),
        all("t"));
    execute(conn, "CREATE TABLE plain (a INT)");
    execute(conn, "REPLACE INTO plain VALUES (1), (1)"); // no key: an INSERT
    assertEquals(2, count(conn, "SELECT COUNT(*) FROM plain"));
  }

  @Test
  void uniqueIndexesAreEnforcedWhileTheyExist() throws SQLException {
    execute(conn, "CREATE TABLE t (a INT, b VARCHAR(5))");
    execute(conn, "INSERT INTO t VALUES (1, 'x'), (2, 'x')");
    assertSqlError(conn, "CREATE UNIQUE INDEX tb ON t (b)", "duplicate key (b) = [x]");
    execute(conn, "CREATE INDEX tb ON t (b)"); // the failed one was not recorded
    execute(conn, "CREATE UNIQUE INDEX ta ON t (a DESC)");
    assertSqlError(conn, "INSERT INTO t VALUES (2, 'y')", "duplicate key (a) = [2]", "CONSTRAINT ta UNIQUE (a)");
    execute(conn, "REINDEX ta");
    execute(conn, "REINDEX t");
    assertSqlError(conn, "REINDEX nope", "no index or table 'nope' to reindex");
    execute(conn, "DROP INDEX ta");
    execute(conn, "INSERT INTO t VALUES (2, 'y')");
    execute(conn, "CREATE UNIQUE INDEX tu ON t (b, a)");
    execute(conn, "DROP TABLE t"); // takes its indexes along
    execute(conn, "CREATE TABLE t (a INT)");
    execute(conn, "CREATE INDEX tu ON t (a)");
  }

  @Test
  void columnConstraintsAndTypesOfOtherDatabases() throws SQLException {
    execute(conn, "CREATE TABLE t (a INTEGER NOT NULL, b TEXT, c VARCHAR(3) NULL);");
    execute(conn, "INSERT INTO t VALUES (1, 'any length of text', 'longer than three');");
    assertEquals(List.of(row(1, "any length of text", "longer than three")), all("t"));
    assertSqlError(conn, "CREATE TABLE u (a INT CHECK (a > 0))", "CHECK constraints are not supported");
    assertSqlError(conn, "CREATE TABLE u (a INT DEFAULT 1)", "DEFAULT values are not supported");
    assertSqlError(conn, "CREATE TABLE u (a INT, PRIMARY KEY (zz))", "table 'u' has no column 'zz' for PRIMARY KEY");
    assertSqlError(conn, "CREATE TABLE u (a INT PRIMARY KEY, b INT PRIMARY KEY)", "at most one PRIMARY KEY");
    assertSqlError(conn, "CREATE TABLE u (a, PRIMARY KEY (a)) AS SELECT 1 FROM t", "takes column names");
    try (var tables = conn.getMetaData().getTables(null, null, "u", null)) {
      assertEquals(false, tables.next(), "no table is left by a refused CREATE TABLE");
    }
  }

  @Test
  void triggersAreRefusedByName() throws SQLException {
    execute(conn, "CREATE TABLE t (a INT)");
    assertSqlError(conn, "CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW BEGIN SELECT 1; DELETE FROM t; END;",
        "CREATE TRIGGER tr", "triggers are not supported");
    assertSqlError(conn, "DROP TRIGGER tr", "no trigger 'tr'");
    execute(conn, "DROP TRIGGER IF EXISTS tr");
  }
}
