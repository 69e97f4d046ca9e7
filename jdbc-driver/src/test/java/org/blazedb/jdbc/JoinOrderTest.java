package org.blazedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The order of three joins or more, chosen over every split of the tables, and its estimates.
 * Answers are checked against sums worked out from the generated data, not against another
 * executor: all of them run the order the planner chose. xs has 1,000 rows (k unique, g = k % 100),
 * ys 20,000 (g = i % 100, h = i, c = 'c' || i % 50), zs 100 (g unique, name 'n' || g), ws 2,000
 * ("a b" = 'v' || i % 40).
 */
class JoinOrderTest {
  @TempDir
  static Path dir;
  private static Executors executors;

  @BeforeAll
  static void load() throws Exception {
    try (Connection c = JdbcTestSupport.connect(dir)) {
      JdbcTestSupport.execute(c, "CREATE TABLE xs (k INTEGER, g INTEGER)");
      JdbcTestSupport.execute(c, "CREATE TABLE ys (g INTEGER, h INTEGER, c VARCHAR)");
      JdbcTestSupport.execute(c, "CREATE TABLE zs (g INTEGER, name VARCHAR)");
      insert(c, "xs", 1000, i -> i + ", " + i % 100);
      insert(c, "ys", 20_000, i -> i % 100 + ", " + i + ", 'c" + i % 50 + "'");
      insert(c, "zs", 100, i -> i + ", 'n" + i + "'");
      JdbcTestSupport.execute(c, "CREATE TABLE ws (\"a b\" VARCHAR)"); // a name the storage quotes in paths
      insert(c, "ws", 2000, i -> "'v" + i % 40 + "'");
    }
    executors = Executors.open(dir);
  }

  private static void insert(Connection c, String table, int rows, java.util.function.IntFunction<String> row)
      throws SQLException {
    for (int from = 0; from < rows; from += 1000) {
      List<String> values = new ArrayList<>();
      for (int i = from; i < Math.min(rows, from + 1000); i++) {
        values.add("(" + row.apply(i) + ")");
      }
      JdbcTestSupport.execute(c, "INSERT INTO " + table + " VALUES " + String.join(", ", values));
    }
  }

  @AfterAll
  static void close() throws SQLException {
    executors.close();
  }

  /**
   * {@code x.g = y.g AND y.g = z.g} implies {@code x.g = z.g}: the one row of zs named n7 keeps 10
   * of xs, which then meet their 200 rows of ys. Without the implied equality zs could only join
   * ys first (200 rows kept of 20,000 to join to xs).
   */
  @Test
  void joinsUseTheEqualitiesTheConditionsImply() throws SQLException {
    String sql = "SELECT COUNT(*), SUM(y.h), SUM(x.k) FROM xs x, ys y, zs z "
        + "WHERE x.g = y.g AND y.g = z.g AND z.name = 'n7'";
    String plan = String.valueOf(JdbcTestSupport.value(executors.llvm(), "EXPLAIN PLAN FOR " + sql));
    assertTrue(plan.matches("(?s).*scan xs[^\\[]*(\\[[^\\[\\]]*][^\\[]*)*build=\\[scan zs.*")
        || plan.matches("(?s).*scan zs[^\\[]*(\\[[^\\[\\]]*][^\\[]*)*build=\\[scan xs.*"), plan);
    // g = 7: xs k = 7, 107, ..., 907 (sum 4,570); ys h = 7, 107, ..., 19,907 (200 rows, sum 1,991,400)
    assertEveryExecutorGives(sql, List.of(2000L, 10 * 1_991_400L, 200 * 4570L));
  }

  /**
   * Answers where the order matters to what the conditions can reach: a class of equated columns
   * with two columns of one table (x.k = y.h AND x.g = y.h: only xs rows whose k is their g), a
   * table no condition joins (a cross product), a condition on three tables, and one on none.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "SELECT COUNT(*), SUM(y.h) FROM xs x, ys y, zs z WHERE x.k = y.h AND x.g = y.h AND z.g = x.g | 100 | 4950",
      "SELECT COUNT(*), SUM(z.g) FROM xs x, ys y, zs z WHERE x.k = y.h AND x.k < 3 | 300 | 14850",
      "SELECT COUNT(*), SUM(x.k) FROM xs x, ys y, zs z WHERE x.k = y.h AND y.g = z.g AND x.k + z.g < 10 | 5 | 10",
      "SELECT COUNT(*), SUM(x.k) FROM xs x, ys y, zs z WHERE x.k = y.h AND y.g = z.g AND 1 = 2 | 0 | ",
  })
  void everyOrderGivesTheRowsTheConditionsSay(String sql, long count, Long sum) throws SQLException {
    assertEveryExecutorGives(sql, Arrays.asList(count, sum));
  }

  /**
   * Filters are estimated from the columns: an equality keeps 1 / the column's distinct values
   * (integers: their min..max; strings: a sample), an IN as many times that as it has values, a
   * range its part of the column's min..max. Calcite's guesses would say 15% and 25%.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "SELECT k FROM xs WHERE g = 7 | 10",
      "SELECT h FROM ys WHERE h >= 1000 AND h < 3000 | 2000",
      "SELECT h FROM ys WHERE c = 'c3' | 400",
      "SELECT h FROM ys WHERE c IN ('c3', 'c4') AND g > 49 | 400",
      "SELECT g FROM zs WHERE name = 'n7' | 1",
      "SELECT * FROM ws WHERE \"a b\" = 'v3' | 50",
  })
  void filtersAreEstimatedFromTheColumnsStatistics(String sql, double rows) throws SQLException {
    String plan = String.valueOf(JdbcTestSupport.value(executors.llvm(), "EXPLAIN PLAN INCLUDING ALL ATTRIBUTES FOR " + sql));
    Matcher estimate = Pattern.compile("rowcount = ([0-9.E]+)").matcher(plan);
    assertTrue(estimate.find(), plan);
    double estimated = Double.parseDouble(estimate.group(1));
    assertTrue(estimated > rows / 1.5 && estimated < rows * 1.5, estimated + " rows estimated, not " + rows + ": " + plan);
  }

  private static void assertEveryExecutorGives(String sql, List<Long> expected) throws SQLException {
    for (Connection c : List.of(executors.llvm(), executors.java(), executors.enumerable())) {
      List<Object> row = JdbcTestSupport.rows(c, sql).getFirst();
      List<Long> actual = row.stream().map(v -> v == null ? null : ((Number) v).longValue()).toList();
      assertEquals(expected, actual, sql);
    }
  }
}
