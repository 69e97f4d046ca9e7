package org.blazedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.blazedb.engine.datashape.DataShapeParser;
import org.blazedb.storage.blz.BlzDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQL creates tables of an exact DataShape through datashape(...) and read_json(..., datashape => ...). */
class DataShapeDdlTest {
  private static final String SHAPE =
      "var * {id: uint8, kind: categorical[['farm', 'shop']], tags: var * string, pos: ?{x: int16, y: int16}}";

  @TempDir Path dir;

  @Test
  void createTableFromADataShape() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:blaze:" + dir.resolve("db") + ";create=true");
         Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t AS SELECT * FROM TABLE(datashape('" + SHAPE.replace("'", "''") + "'))");
      BlzDatabase db = BlzDatabase.open(dir.resolve("db"), false);
      assertEquals(DataShapeParser.parse(SHAPE), db.table("t").shape());
      assertEquals(0, db.table("t").snapshot().rows());

      assertEquals(1, s.executeUpdate("INSERT INTO t VALUES (7, 'shop', ARRAY['a', 'b'], NULL)"));
      try (ResultSet rs = s.executeQuery("SELECT id, kind, CARDINALITY(tags), t.pos FROM t")) {
        assertTrue(rs.next());
        assertEquals(7, rs.getInt(1));
        assertEquals("shop", rs.getString(2));
        assertEquals(2, rs.getInt(3));
        assertEquals(null, rs.getObject(4));
        assertFalse(rs.next());
      }
      SQLException notACategory = assertThrows(SQLException.class,
          () -> s.executeUpdate("INSERT INTO t VALUES (8, 'bank', ARRAY['c'], NULL)"));
      assertTrue(notACategory.getMessage().contains("'bank' is not one of the categories"), notACategory.getMessage());
      SQLException badShape = assertThrows(SQLException.class,
          () -> s.execute("CREATE TABLE u AS SELECT * FROM TABLE(datashape('var * {id int8}'))"));
      assertTrue(badShape.getMessage().contains("DataShape syntax error at line 1, column 11: expected ':'"),
          badShape.getMessage());
    }
  }

  @Test
  void readJsonWithAGivenDataShape() throws Exception {
    Path file = dir.resolve("x.jsonl");
    Files.writeString(file, "{\"id\": 1, \"kind\": \"farm\", \"tags\": [], \"pos\": {\"x\": 1, \"y\": 2}}\n");
    try (Connection c = DriverManager.getConnection("jdbc:blaze:" + dir.resolve("db") + ";create=true");
         Statement s = c.createStatement()) {
      s.execute("CREATE TABLE x AS SELECT * FROM TABLE(read_json(file => '" + file + "', datashape => '"
          + SHAPE.replace("'", "''") + "'))");
      assertEquals(DataShapeParser.parse(SHAPE), BlzDatabase.open(dir.resolve("db"), false).table("x").shape());
      try (ResultSet rs = s.executeQuery("SELECT x.pos.y FROM x")) {
        assertTrue(rs.next());
        assertEquals(2, rs.getInt(1));
      }
    }
  }
}
