package org.blazedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CREATE INDEX and DROP INDEX are checked and recorded (BlazeDB builds no secondary indexes). */
class IndexDdlTest {
  @TempDir Path dir;

  @Test
  void indexesAreCheckedAndRecorded() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:blaze:" + dir + ";create=true");
         Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t1(a1 INTEGER, b1 VARCHAR(10))");
      s.execute("INSERT INTO t1 VALUES (1, 'x'), (2, 'y')");
      s.execute("CREATE INDEX t1i0 ON t1(a1, b1 DESC)");
      s.execute("CREATE UNIQUE INDEX IF NOT EXISTS t1i0 ON t1(a1)");
      assertMessage(s, "CREATE INDEX t1i0 ON t1(a1)", "index 't1i0' already exists");
      assertMessage(s, "CREATE INDEX t1i1 ON t1(zz)", "table 't1' has no column 'zz' to index");
      assertMessage(s, "CREATE INDEX t1i2 ON nope(a1)", "no table 'nope' to index");
      try (ResultSet rs = s.executeQuery("SELECT SUM(a1) FROM t1 WHERE b1 = 'y'")) {
        assertTrue(rs.next());
        assertEquals(2, rs.getInt(1));
      }
      s.execute("DROP INDEX t1i0");
      assertMessage(s, "DROP INDEX t1i0", "no index 't1i0'");
      s.execute("DROP INDEX IF EXISTS t1i0");
    }
  }

  private static void assertMessage(Statement s, String sql, String expected) {
    SQLException e = assertThrows(SQLException.class, () -> s.execute(sql));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
