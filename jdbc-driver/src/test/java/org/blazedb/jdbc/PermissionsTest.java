package org.blazedb.jdbc;

import static org.blazedb.jdbc.JdbcTestSupport.assertSqlError;
import static org.blazedb.jdbc.JdbcTestSupport.count;
import static org.blazedb.jdbc.JdbcTestSupport.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** readonly=true refuses every change; files=false the functions that read the machine's files. */
class PermissionsTest {
  @TempDir Path dir;

  @Test
  void readOnlyConnectionsQueryButChangeNothing() throws Exception {
    Path db = dir.resolve("db");
    try (Connection c = JdbcTestSupport.connect(db)) {
      execute(c, "CREATE TABLE t (a INT PRIMARY KEY)");
      execute(c, "INSERT INTO t VALUES (1), (2)");
    }
    Path json = Files.writeString(dir.resolve("x.json"), "[{\"a\": 1}]");
    Properties tryToOverride = new Properties();
    tryToOverride.setProperty("readonly", "false"); // the URL's settings win over the caller's
    try (Connection c = DriverManager.getConnection(JdbcTestSupport.url(db) + ";readonly=true;files=false",
        tryToOverride)) {
      assertEquals(3, count(c, "SELECT SUM(a) FROM t"));
      for (String sql : new String[] {"INSERT INTO t VALUES (3)", "UPDATE t SET a = 5", "DELETE FROM t",
          "REPLACE INTO t VALUES (1)"}) {
        assertSqlError(c, sql, "into table 't' is not allowed: the connection is read-only");
      }
      for (String sql : new String[] {"CREATE TABLE u (a INT)", "DROP TABLE t", "CREATE VIEW v AS SELECT 1",
          "CREATE INDEX i ON t (a)", "DROP INDEX IF EXISTS i", "CREATE TABLE u AS SELECT * FROM t"}) {
        assertSqlError(c, sql, "is not allowed: the connection is read-only");
      }
      assertSqlError(c, "SELECT * FROM TABLE(read_json('" + json + "'))", "read_json is not allowed",
          "may not read the server's files");
      // datashape() reads no file: allowed
      assertEquals(0, count(c, "SELECT COUNT(*) FROM TABLE(datashape('var * {a: int32}'))"));
    }
    try (Connection c = JdbcTestSupport.connect(db)) {
      assertEquals(2, count(c, "SELECT COUNT(*) FROM t"));
      assertEquals(1, count(c, "SELECT COUNT(*) FROM TABLE(read_json('" + json + "'))"));
    }
  }
}
