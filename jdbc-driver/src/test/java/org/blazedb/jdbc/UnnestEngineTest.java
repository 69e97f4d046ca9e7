package org.blazedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * UNNEST of var dims in the vectorized engine against Calcite's own UNNEST: arrays of records and
 * of strings, empty arrays, NULL elements' fields, arrays whose elements cross chunk boundaries
 * (small chunks), inner and outer. NULL arrays are checked against the generated data, since
 * Calcite's own UNNEST fails on them (a NullPointerException in EnumerableUncollect).
 */
class UnnestEngineTest {
  private static final String SHAPE = "var * {id: int64, name: string, tags: var * string, "
      + "items: ?var * {n: int64, price: ?decimal[10, 2], label: string}}";

  @TempDir
  static Path dir;
  private static Executors executors;
  private static Connection llvm;
  private static Connection java;
  private static Connection enumerable;

  private static int nullItems;

  @BeforeAll
  static void load() throws SQLException {
    Path db = dir.resolve("db");
    // chunks of 700 rows: the elements of one chunk of rows span chunks of elements
    JdbcTestSupport.loadJson(db, "orders", dir.resolve("orders.json"), SHAPE, 700, json(false));
    nullItems = 0;
    JdbcTestSupport.loadJson(db, "sparse", dir.resolve("sparse.json"), SHAPE, 700, json(true));
    executors = Executors.open(db);
    llvm = executors.llvm();
    java = executors.java();
    enumerable = executors.enumerable();
  }

  /** 5000 rows; every tenth row's items NULL (or empty, without NULLs), and some other item arrays empty. */
  private static String json(boolean withNulls) {
    Random random = new Random(5);
    StringBuilder json = new StringBuilder("[");
    for (int id = 0; id < 5000; id++) {
      json.append(id == 0 ? "" : ",").append("{\"id\": ").append(id).append(", \"name\": \"row ").append(id % 97)
          .append("\", \"tags\": [");
      for (int t = random.nextInt(4); t > 0; t--) {
        json.append("\"tag").append(random.nextInt(9)).append('"').append(t > 1 ? "," : "");
      }
      json.append("], \"items\": ");
      if (id % 10 == 3) {
        nullItems++;
        json.append(withNulls ? "null" : "[]");
      } else {
        json.append('[');
        for (int i = random.nextInt(-1, 5); i > 0; i--) { // empty one time in six
          json.append("{\"n\": ").append(random.nextInt(-100, 100)).append(", \"price\": ")
              .append(random.nextInt(8) == 0 ? "null" : String.valueOf(random.nextInt(100_000) / 100.0))
              .append(", \"label\": \"item ").append(random.nextInt(20)).append("\"}").append(i > 1 ? "," : "");
        }
        json.append(']');
      }
      json.append('}');
    }
    return json.append(']').toString();
  }

  @AfterAll
  static void close() throws SQLException {
    executors.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT o.id, i.n, i.price, i.label FROM orders o CROSS JOIN UNNEST(o.items) AS i",
      "SELECT o.name, i.label FROM orders o CROSS JOIN UNNEST(o.items) AS i WHERE i.n > 50 AND o.id < i.n * 40",
      "SELECT i.n FROM orders o, UNNEST(o.items) AS i",
      "SELECT o.id, t.tag FROM orders o CROSS JOIN UNNEST(o.tags) AS t(tag)",
      "SELECT t.tag, COUNT(*), MIN(o.id), MAX(o.id) FROM orders o CROSS JOIN UNNEST(o.tags) AS t(tag) GROUP BY t.tag",
      "SELECT COUNT(*), SUM(i.price), MAX(i.n) FROM orders o CROSS JOIN UNNEST(o.items) AS i",
      "SELECT o.id, i.n, i.label FROM orders o LEFT JOIN UNNEST(o.items) AS i ON TRUE",
      "SELECT o.id, t.tag FROM orders o LEFT JOIN UNNEST(o.tags) AS t(tag) ON TRUE WHERE t.tag IS NULL",
  })
  void sameRowsAsCalcite(String sql) throws SQLException {
    String plan = String.valueOf(JdbcTestSupport.value(llvm, "EXPLAIN PLAN FOR " + sql));
    assertTrue(plan.contains("unnest orders."), "UNNEST not in the engine's plan of " + sql + "\n" + plan);
    List<String> expected = sorted(enumerable, sql);
    assertEquals(expected, sorted(java, sql), "java vs enumerable: " + sql);
    assertEquals(expected, sorted(llvm, sql), "llvm vs enumerable: " + sql);
  }

  /** NULL arrays: no rows inner, one row of NULLs outer; the other rows as with empty arrays. */
  @Test
  void nullArraysUnnestToNothingOrToNulls() throws SQLException {
    assertEquals(500, nullItems);
    for (Connection c : List.of(llvm, java)) {
      for (String sql : List.of("SELECT o.id, i.n, i.price, i.label FROM %s o CROSS JOIN UNNEST(o.items) AS i",
          "SELECT o.id, i.n, i.label FROM %s o LEFT JOIN UNNEST(o.items) AS i ON TRUE")) {
        String plan = String.valueOf(JdbcTestSupport.value(c, "EXPLAIN PLAN FOR " + sql.formatted("sparse")));
        assertTrue(plan.contains("unnest sparse."), plan);
        // the same rows as over "orders", where those arrays are empty
        assertEquals(sorted(enumerable, sql.formatted("orders")), sorted(c, sql.formatted("sparse")), sql);
      }
    }
  }

  private static List<String> sorted(Connection c, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    for (List<Object> row : JdbcTestSupport.rows(c, sql)) {
      rows.add(row.toString());
    }
    rows.sort(null);
    return rows;
  }
}
