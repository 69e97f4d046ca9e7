package org.blazedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.blazedb.engine.datashape.DataShapeParser;
import org.blazedb.storage.blz.BlzDatabase;
import org.blazedb.storage.ingest.LoadOptions;
import org.blazedb.storage.ingest.LoadProgress;
import org.blazedb.storage.ingest.Loader;

/**
 * Shared by the JDBC driver tests: databases in temporary directories, loading through the storage
 * API, running SQL and reading results as plain Java values, checking errors, and the Kiva sample
 * read with Jackson (the independent source of expected answers).
 */
final class JdbcTestSupport {
  static final ObjectMapper JSON = new ObjectMapper();

  private JdbcTestSupport() {}

  // ---- databases and loading ----

  /** A file of the Kiva sample in {@code ../../shared/data/kiva}; fails (never skips) when it is missing. */
  static Path kivaFile(String name) {
    Path dir = Path.of("").toAbsolutePath().getParent().getParent().resolve("shared/data/kiva");
    Path file = dir.resolve(name);
    assertTrue(Files.isRegularFile(file), "the Kiva sample file " + file + " is missing");
    return file;
  }

  static String kivaShape() {
    try {
      return Files.readString(kivaFile("loans.datashape"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String url(Path db) {
    return BlazeDriver.PREFIX + db;
  }

  /** Opens (creating if needed) the database in {@code db}. */
  static Connection connect(Path db) throws SQLException {
    return DriverManager.getConnection(url(db) + ";create=true");
  }

  /** Loads {@code file} into a new table with the given DataShape, through the storage API. */
  static void load(Path db, String table, Path file, String dataShape) {
    load(db, table, file, dataShape, BlzDatabase.DEFAULT_CHUNK_ROWS);
  }

  static void load(Path db, String table, Path file, String dataShape, int chunkRows) {
    Loader.load(BlzDatabase.open(db, true), table, file,
        LoadOptions.defaults().withShape(DataShapeParser.parse(dataShape)).withChunkRows(chunkRows), LoadProgress.NONE);
  }

  /** Writes {@code json} to {@code file}, then loads it as {@link #load} does. */
  static void loadJson(Path db, String table, Path file, String dataShape, int chunkRows, String json) {
    try {
      Files.writeString(file, json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    load(db, table, file, dataShape, chunkRows);
  }

  // ---- running SQL ----

  /** Runs one statement (DDL or DML); returns its update count (-1 for a query). */
  static int execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      return s.execute(sql) ? -1 : s.getUpdateCount();
    }
  }

  /** The rows of a query, values as {@link #plain} makes them; parameters bound with setObject. */
  static List<List<Object>> rows(Connection c, String sql, Object... params) throws SQLException {
    if (params.length == 0) {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        return rows(rs);
      }
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rows(rs);
      }
    }
  }

  static List<List<Object>> rows(ResultSet rs) throws SQLException {
    int columns = rs.getMetaData().getColumnCount();
    List<List<Object>> rows = new ArrayList<>();
    while (rs.next()) {
      List<Object> row = new ArrayList<>();
      for (int i = 1; i <= columns; i++) {
        row.add(plain(rs.getObject(i)));
      }
      rows.add(row);
    }
    return rows;
  }

  /** The single value of a query that returns one row of one column. */
  static Object value(Connection c, String sql, Object... params) throws SQLException {
    List<List<Object>> rows = rows(c, sql, params);
    assertEquals(1, rows.size(), "rows of " + sql);
    assertEquals(1, rows.getFirst().size(), "columns of " + sql);
    return rows.getFirst().getFirst();
  }

  /** The single value of a query as a long (counts and integer sums). */
  static long count(Connection c, String sql, Object... params) throws SQLException {
    return ((Number) value(c, sql, params)).longValue();
  }

  /**
   * A JDBC value as plain Java, for comparing with expected values: a java.sql.Array becomes a
   * List of its elements, a Struct a List of its attributes (both recursively), other values stay.
   */
  static Object plain(Object value) throws SQLException {
    if (value instanceof Array array) {
      return plainElements(array.getArray());
    }
    if (value instanceof Struct struct) {
      List<Object> attributes = new ArrayList<>();
      for (Object a : struct.getAttributes()) {
        attributes.add(plain(a));
      }
      return attributes;
    }
    if (value instanceof Object[] values) { // a ROW inside an array may come as Object[]
      return plainElements(values);
    }
    return value;
  }

  private static List<Object> plainElements(Object javaArray) throws SQLException {
    List<Object> elements = new ArrayList<>();
    for (int i = 0; i < java.lang.reflect.Array.getLength(javaArray); i++) {
      elements.add(plain(java.lang.reflect.Array.get(javaArray, i)));
    }
    return elements;
  }

  static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  /** Column labels of a result, lower-cased. */
  static List<String> labels(ResultSetMetaData md) throws SQLException {
    List<String> labels = new ArrayList<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      labels.add(md.getColumnLabel(i).toLowerCase(Locale.ROOT));
    }
    return labels;
  }

  // ---- errors ----

  /**
   * Runs {@code sql}, which must fail with an SQLException whose messages (its own and its causes')
   * contain each fragment, ignoring case. Returns the exception.
   */
  static SQLException assertSqlError(Connection c, String sql, String... fragments) {
    SQLException e = assertThrows(SQLException.class, () -> execute(c, sql), sql);
    assertMessages(e, fragments);
    return e;
  }

  static void assertMessages(Throwable e, String... fragments) {
    String all = messages(e);
    for (String f : fragments) {
      assertTrue(all.toLowerCase(Locale.ROOT).contains(f.toLowerCase(Locale.ROOT)),
          "expected '" + f + "' in the error: " + all);
    }
  }

  /** The messages of an exception and its causes, one per line. */
  static String messages(Throwable e) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = e; t != null; t = t.getCause()) {
      messages.add(t.getClass().getSimpleName() + ": " + t.getMessage());
      if (t.getCause() == t) {
        break;
      }
    }
    return String.join("\n", messages);
  }

  // ---- JSON (expected answers) ----

  static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<JsonNode> elements(JsonNode array) {
    assertTrue(array.isArray(), "expected a JSON array, found " + array.getNodeType());
    List<JsonNode> list = new ArrayList<>();
    array.forEach(list::add);
    return list;
  }

  /** The text at a JSON pointer ({@code /location/town}), or null when it is null or absent. */
  static String text(JsonNode node, String pointer) {
    JsonNode v = node.at(pointer);
    return v.isMissingNode() || v.isNull() ? null : v.asText();
  }

  /** The number at a JSON pointer, or null when it is null or absent. */
  static Double number(JsonNode node, String pointer) {
    JsonNode v = node.at(pointer);
    return v.isMissingNode() || v.isNull() ? null : v.asDouble();
  }

  /** Rows as sortable text, for comparing results whose order SQL does not define. */
  static List<String> sortedText(List<List<Object>> rows) {
    return rows.stream().map(JdbcTestSupport::rowText).sorted().collect(Collectors.toList());
  }

  static String rowText(List<?> row) {
    return row.stream().map(String::valueOf).collect(Collectors.joining(" | "));
  }
}
