package org.blazedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.blazedb.engine.datashape.DataShapeParser;
import org.blazedb.storage.blz.BlzDatabase;
import org.blazedb.storage.ingest.LoadOptions;
import org.blazedb.storage.ingest.LoadProgress;
import org.blazedb.storage.ingest.Loader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scans read only what the query needs: chunks ruled out by min/max are not read, and a nested
 * field used alone reads only its column. Shown by damaging what must not be read.
 */
class ScanPushdownTest {
  private static final int ROWS = 100;
  private static final int CHUNK_ROWS = 10;

  @TempDir Path dir;
  private Connection connection;

  @BeforeEach
  void load() throws IOException, SQLException {
    StringBuilder json = new StringBuilder();
    for (int i = 0; i < ROWS; i++) {
      json.append(String.format("{\"id\": %d, \"v\": %d, \"loc\": {\"country\": \"C%d\", \"town\": \"T%d\"}}%n",
          i, 2 * i, i % 5, i));
    }
    Path file = dir.resolve("t.jsonl");
    Files.writeString(file, json);
    Loader.load(BlzDatabase.open(dir.resolve("db"), true), "t", file, LoadOptions.defaults()
        .withShape(DataShapeParser.parse("var * {id: int64, v: int64, loc: {country: string, town: string}}"))
        .withChunkRows(CHUNK_ROWS), LoadProgress.NONE);
    connection = DriverManager.getConnection("jdbc:blaze:" + dir.resolve("db"));
  }

  @Test
  void chunksRuledOutByMinMaxAreNotRead() throws Exception {
    damage("v", "000001.chunk"); // a chunk of v among rows 0..49
    long expected = 0;
    for (int i = 50; i < ROWS; i++) {
      expected += 2L * i;
    }
    assertEquals(expected, single("SELECT SUM(v) FROM t WHERE id >= 50"));
    assertEquals(2L * 77, single("SELECT v FROM t WHERE id = 77"));
    assertEquals(2L * (60 + 61 + 62), single("SELECT SUM(v) FROM t WHERE id BETWEEN 60 AND 62"));
    assertTrue(plan("SELECT v FROM t WHERE id >= 50").contains("zone="), "zone predicates shown in EXPLAIN");
    SQLException e = assertThrows(SQLException.class, () -> single("SELECT SUM(v) FROM t"));
    assertTrue(causes(e).contains("corrupt chunk in table 't', column 'v'"), causes(e));
  }

  @Test
  void aNestedFieldReadsOnlyItsColumn() throws Exception {
    try (Stream<Path> files = Files.list(dir.resolve("db/t/cols/loc.town"))) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    try (Statement s = connection.createStatement();
         ResultSet rs = s.executeQuery("SELECT l.loc.country FROM t l WHERE l.loc.country = 'C3'")) {
      int rows = 0;
      while (rs.next()) {
        assertEquals("C3", rs.getString(1));
        rows++;
      }
      assertEquals(20, rows);
    }
    assertTrue(plan("SELECT l.loc.country, COUNT(*) FROM t l GROUP BY l.loc.country").contains("read=[[loc.country]]"));
    try (Statement s = connection.createStatement();
         ResultSet rs = s.executeQuery("SELECT l.loc.country, COUNT(*) FROM t l GROUP BY l.loc.country ORDER BY 1")) {
      for (int c = 0; c < 5; c++) {
        assertTrue(rs.next());
        assertEquals("C" + c, rs.getString(1));
        assertEquals(20, rs.getInt(2));
      }
    }
    SQLException e = assertThrows(SQLException.class, () -> single("SELECT COUNT(l.loc.town) FROM t l"));
    assertTrue(causes(e).contains("file is missing"), causes(e));
  }

  private void damage(String column, String chunk) throws IOException {
    Path file = dir.resolve("db/t/cols").resolve(column).resolve(chunk);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 1] ^= 0x5a;
    Files.write(file, bytes);
  }

  private long single(String sql) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  private String plan(String sql) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      assertTrue(rs.next());
      return rs.getString(1);
    }
  }

  private static String causes(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append(" | ");
    }
    return all.toString();
  }
}
