package org.blazedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.blazedb.engine.datashape.DataShapeParser;
import org.blazedb.storage.blz.BlzDatabase;
import org.blazedb.storage.blz.BlzTable;
import org.blazedb.storage.blz.ColumnWriter;
import org.blazedb.storage.blz.DecodedChunkCache;
import org.blazedb.storage.blz.TableAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Differential tests: each query runs in the vectorized engine with LLVM kernels, with the Java
 * reference kernels, and in Calcite's Enumerable code alone; the rows must be the same (as
 * multisets; DOUBLE values to 12 significant digits, since parallel sums add in another order).
 */
class VectorEngineTest {
  @TempDir
  static Path dir;
  private static Executors executors;
  private static Connection llvm;
  private static Connection java;
  private static Connection enumerable;

  @BeforeAll
  static void load() throws Exception {
    try (Connection c = JdbcTestSupport.connect(dir)) {
      JdbcTestSupport.execute(c, "CREATE TABLE t (k INTEGER, s VARCHAR, d DECIMAL(10, 2), f DOUBLE, dt DATE, "
          + "b BOOLEAN, big BIGINT NOT NULL)");
      Random random = new Random(11);
      // Several INSERTs make several chunks, so morsels run on several threads.
      for (int batch = 0; batch < 6; batch++) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
          rows.add("(" + orNull(random, random.nextInt(-50, 200)) + ", " + orNull(random, "'x" + random.nextInt(30) + "'")
              + ", " + orNull(random, BigDecimal.valueOf(random.nextInt(-1000, 1000), 2)) + ", "
              + orNull(random, random.nextInt(8) == 0 ? "-0.0E0" : String.format("%.6fE0", random.nextGaussian())) + ", "
              + orNull(random, "DATE '2020-01-01' + INTERVAL '" + random.nextInt(60) + "' DAY") + ", "
              + orNull(random, random.nextBoolean()) + ", " + random.nextLong(-1L << 40, 1L << 40) + ")");
        }
        JdbcTestSupport.execute(c, "INSERT INTO t VALUES " + String.join(", ", rows));
      }
      JdbcTestSupport.execute(c, "CREATE TABLE words (k INTEGER, s VARCHAR)");
      JdbcTestSupport.execute(c, "INSERT INTO words VALUES (1, 'abc'), (2, 'é日本x'), (3, '😀ab'), (0, ''), (-1, NULL), "
          + "(4, 'x13-555'), (2, 'a😀😀b'), (NULL, 'abc'), (-2, 'zz'), (6, 'abcdefgh'), (1, 'x17-1')");
    }
    // Enough rows (5 chunks) for the engine to run on several threads.
    BlzTable many = BlzDatabase.open(dir, false).createTable("many",
        DataShapeParser.parse("var * {x: int64, s: string, d: ?decimal[12, 2]}"), 1 << 16);
    try (TableAppender appender = many.appender()) {
      ColumnWriter x = appender.writer("x");
      ColumnWriter s = appender.writer("s");
      ColumnWriter d = appender.writer("d");
      for (long i = 0; i < 300_000; i++) {
        x.appendLong(i * 7919);
        s.appendString(i % 3 == 0 ? "group " + (i % 50) + " with a long name" : "g" + (i % 7));
        if (i % 11 == 0) {
          d.appendNull();
        } else {
          d.appendLong(i % 100_000);
        }
        appender.endRow();
      }
      appender.commit();
    }
    executors = Executors.open(dir);
    llvm = executors.llvm();
    java = executors.java();
    enumerable = executors.enumerable();
  }

  private static String orNull(Random random, Object value) {
    return random.nextInt(10) == 0 ? "NULL" : String.valueOf(value);
  }

  @AfterAll
  static void close() throws SQLException {
    executors.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT k, s, d, f, dt, b, big FROM t",
      "SELECT k + 1, d * 2, d - k, f / 2, -d, CAST(k AS DOUBLE), k * k, big - k FROM t WHERE k > 10",
      "SELECT * FROM t WHERE s = 'x3' OR d < 5.5",
      "SELECT * FROM t WHERE NOT (b AND k < 50)",
      "SELECT * FROM t WHERE s LIKE 'x1%' AND f > 0",
      "SELECT * FROM t WHERE d IS NULL OR f IS NOT NULL AND k BETWEEN 5 AND 100",
      "SELECT * FROM t WHERE k IN (1, 2, 3, 50, 199) OR dt > DATE '2020-02-15'",
      "SELECT k, CASE WHEN d > 3 THEN d WHEN k < 0 THEN -d ELSE NULL END FROM t",
      "SELECT d * (1 - d) * (1 + d), f * d FROM t WHERE d BETWEEN -2 AND 2",
      "SELECT COUNT(*), COUNT(d), COUNT(s), SUM(d), SUM(k), MIN(f), MAX(dt), AVG(f), SUM(big), MIN(d), MAX(b) FROM t",
      "SELECT s, COUNT(*), SUM(d), MIN(k), MAX(f), AVG(k) FROM t GROUP BY s",
      "SELECT s, b, dt, COUNT(DISTINCT k), COUNT(DISTINCT s), SUM(DISTINCT d) FROM t GROUP BY s, b, dt",
      "SELECT f, COUNT(*) FROM t GROUP BY f",
      "SELECT d, k, COUNT(*), COUNT(s) FROM t WHERE k < 20 GROUP BY d, k",
      "SELECT COUNT(*), SUM(d) FROM t WHERE k > 1000000",
      "SELECT k, COUNT(*) FROM t WHERE k > 1000000 GROUP BY k",
      "SELECT MOD(k, 7), COUNT(*) FROM t GROUP BY MOD(k, 7)",
      "SELECT COUNT(*) FROM t",
      "SELECT COUNT(*) FROM t WHERE k < 7",
      "SELECT a.k, b.s FROM t a JOIN t b ON a.k = b.k WHERE a.d > 9 AND b.f < -1",
  })
  void sameRowsOnEveryExecutor(String sql) throws SQLException {
    List<String> expected = normalized(enumerable, sql);
    assertEquals(expected, normalized(java, sql), "java vs enumerable: " + sql);
    assertEquals(expected, normalized(llvm, sql), "llvm vs enumerable: " + sql);
  }

  /**
   * DISTINCT aggregates of one column: Calcite's expansion (grouped by the keys and the column,
   * then grouped again) folded into one aggregation of DISTINCT calls, NULL keys and values
   * included; other forms left expanded, with the same rows.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "SELECT s, COUNT(DISTINCT k) FROM t GROUP BY s | true",
      "SELECT COUNT(DISTINCT s) FROM t | true",
      "SELECT COUNT(DISTINCT s) FROM t WHERE k > 1000000 | true",
      "SELECT dt, b, SUM(DISTINCT d), COUNT(DISTINCT d), MAX(DISTINCT d), AVG(DISTINCT k) FROM t GROUP BY b, dt | false",
      "SELECT dt, b, SUM(DISTINCT d), COUNT(DISTINCT d), MAX(DISTINCT d), MIN(DISTINCT d) FROM t GROUP BY b, dt | true",
      "SELECT k, COUNT(DISTINCT f) FROM t GROUP BY k | true",
      "SELECT d, COUNT(DISTINCT s), SUM(DISTINCT x) FROM many GROUP BY d | false",
      "SELECT d, COUNT(DISTINCT s) FROM many GROUP BY d | true",
      "SELECT k, COUNT(DISTINCT s), COUNT(*) FROM t GROUP BY k | false",
      "SELECT k, COUNT(DISTINCT s), COUNT(DISTINCT d) FROM t GROUP BY k | false",
      "SELECT s, COUNT(k) FROM (SELECT DISTINCT s, k, b FROM t) GROUP BY s | false",
  })
  void distinctAggregatesFoldedIntoOneAggregation(String sql, boolean folded) throws SQLException {
    sameRowsOnEveryExecutor(sql);
    assertEquals(folded, explain(llvm, sql).contains("DISTINCT $"), explain(llvm, sql));
  }

  /** Joins of every type, with NULL keys, duplicate keys, string keys and residual conditions. */
  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT a.k, a.s, b.d FROM t a JOIN t b ON a.k = b.k AND a.s = b.s",
      "SELECT a.k, a.dt, b.k, b.dt FROM t a JOIN t b ON a.dt = b.dt AND a.k < b.k - 150",
      "SELECT a.k, a.d, b.d FROM t a LEFT JOIN t b ON a.k = b.k AND a.d < b.d - 5",
      "SELECT a.k, b.k, a.d, b.d FROM (SELECT * FROM t WHERE k < 20) a RIGHT JOIN (SELECT * FROM t WHERE k > 10 AND k < 40) b "
          + "ON a.k = b.k",
      "SELECT a.k, b.k, a.s, b.s FROM (SELECT * FROM t WHERE k < 20) a FULL JOIN (SELECT * FROM t WHERE k > 10 AND k < 40) b "
          + "ON a.k = b.k AND a.s = b.s",
      "SELECT * FROM t WHERE k IN (SELECT k FROM t WHERE d > 5)",
      "SELECT * FROM t WHERE NOT EXISTS (SELECT 1 FROM t b WHERE b.s = t.s AND b.k > t.k + 100)",
      "SELECT * FROM t WHERE EXISTS (SELECT 1 FROM t b WHERE b.dt = t.dt AND b.d > t.d + 9)",
      "SELECT a.s, a.c, b.k FROM (SELECT s, COUNT(*) c FROM t GROUP BY s) a JOIN t b ON a.s = b.s WHERE b.k < 0",
      "SELECT a.s, COUNT(*), SUM(b.d), MAX(b.f) FROM t a JOIN t b ON a.k = b.k GROUP BY a.s",
      "SELECT c, COUNT(*) FROM (SELECT a.k, COUNT(b.k) c FROM t a LEFT JOIN t b ON a.k = b.k + 1 GROUP BY a.k) GROUP BY c",
      // no equal keys: every build row pairs with every probe row, the condition a residual
      "SELECT a.k, b.c FROM t a CROSS JOIN (SELECT COUNT(*) c, MAX(k) m FROM t) b WHERE a.k > b.m - 10",
      "SELECT k, d FROM t WHERE d > (SELECT MAX(d) FROM t WHERE k < 0) - 1",
      "SELECT a.k, b.k, a.d, b.d FROM (SELECT * FROM t WHERE k < 5) a LEFT JOIN (SELECT * FROM t WHERE k > 195) b ON a.d < b.d",
      // the left side far smaller: a SEMI join builds on it (BUILD_SEMI)
      "SELECT * FROM t WHERE k * 7919 IN (SELECT x FROM many)",
      "SELECT * FROM t WHERE NOT EXISTS (SELECT 1 FROM many m WHERE m.x = t.k * 7919)",
      "SELECT k, d FROM t WHERE EXISTS (SELECT 1 FROM many m WHERE m.x = t.k * 7919 AND m.d > t.d * 100)",
      // TPC-H Q21's shape: joins nested in build sides, which keep only the columns read after them
      // (the words' strings and a.dt are only filtered on)
      "SELECT a.s, COUNT(*) FROM t a, words w WHERE a.k = w.k AND w.s <> 'zz' AND a.dt > DATE '2020-01-10' "
          + "AND EXISTS (SELECT 1 FROM t b WHERE b.k = a.k AND b.big <> a.big) "
          + "AND NOT EXISTS (SELECT 1 FROM t c WHERE c.k = a.k AND c.big <> a.big AND c.d > a.d) GROUP BY a.s",
  })
  void joinsGiveTheSameRowsOnEveryExecutor(String sql) throws SQLException {
    assertPlanShows(sql, "join=");
    sameRowsOnEveryExecutor(sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT COUNT(*), SUM(a.d), MIN(b.x) FROM many a JOIN (SELECT s, x FROM many WHERE x < 7919 * 20) b ON a.s = b.s",
      "SELECT COUNT(*), COUNT(a.x), COUNT(b.k), SUM(b.d) FROM many a FULL JOIN t b ON a.x = b.k * 7919",
      "SELECT a.s, COUNT(*) FROM many a JOIN (SELECT DISTINCT s FROM many WHERE x < 700000) b ON a.s = b.s GROUP BY a.s",
  })
  void parallelJoinsGiveTheSameRows(String sql) throws SQLException {
    joinsGiveTheSameRowsOnEveryExecutor(sql);
  }

  /**
   * A GROUP BY of 300,000 groups joined on its key to a few rows aggregates only the rows of
   * those keys (a semi join below it); the answer is the groups' own, computed here from the data.
   */
  /** COUNT(*) reads the row counts of one column's chunks, or its filter's columns, not every column. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "SELECT COUNT(*) FROM many | 300000",
      "SELECT COUNT(*) FROM many WHERE d IS NULL | 27273",
  })
  void countOfRowsReadsOneColumn(String sql, long count) throws SQLException {
    for (Connection c : List.of(llvm, java)) {
      DecodedChunkCache.Stats before = DecodedChunkCache.shared().stats();
      assertEquals(count, JdbcTestSupport.count(c, sql));
      DecodedChunkCache.Stats after = DecodedChunkCache.shared().stats();
      assertEquals(5, after.hits() + after.misses() - before.hits() - before.misses(), "5 chunks of one column: " + sql);
    }
  }

  @Test
  void aGroupByJoinedToFewKeysReadsOnlyTheirRows() throws SQLException {
    String sql = "SELECT a.x / 7919, a.c, a.sd FROM (SELECT DISTINCT k * 7919 AS kx FROM t WHERE k BETWEEN 0 AND 30) m "
        + "JOIN (SELECT x, COUNT(*) c, SUM(d) sd FROM many GROUP BY x) a ON m.kx = a.x";
    assertPlanShows(sql, "join=SEMI");
    List<String> expected = new ArrayList<>();
    for (List<Object> row : JdbcTestSupport.rows(enumerable, "SELECT DISTINCT k FROM t WHERE k BETWEEN 0 AND 30")) {
      long k = ((Number) row.getFirst()).longValue();
      expected.add(k + "|1|" + (k % 11 == 0 ? "null" : BigDecimal.valueOf(k, 2)) + "|");
    }
    expected.sort(null);
    assertEquals(expected, normalized(enumerable, sql));
    sameRowsOnEveryExecutor(sql);
    // The groups of a FULL join's side all reach the output: none may be left out.
    String full = sql.replace(" JOIN ", " FULL JOIN ");
    assertTrue(!explain(llvm, full).contains("SEMI"), full);
    assertEquals(300_000, JdbcTestSupport.rows(llvm, full).size());
  }

  /**
   * SUBSTRING in a filter runs in the engine (Java kernels) and cuts as Calcite does: starts
   * before 1 and past the end, no length, multi-byte characters, surrogate pairs, NULLs. (Ordered
   * comparisons leave out the strings a cut could split inside a surrogate pair; see Interpreter.)
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT k, s FROM words WHERE SUBSTRING(s FROM 2 FOR 2) = 'bc' OR SUBSTRING(s FROM 2 FOR 2) = '日本'",
      "SELECT k, s FROM words WHERE substr(s, 1, 2) IN ('x1', 'ab', 'é日', '😀', '')",
      "SELECT k, s FROM words WHERE SUBSTRING(s FROM k FOR 2) IN ('ab', 'é日', '', 'x1', 'b', '😀')",
      "SELECT k, s FROM words WHERE SUBSTRING(s FROM k) = 'b' OR SUBSTRING(s FROM k FOR 0) = '' OR substr(s, k) = 'c'",
      "SELECT k, s FROM words WHERE SUBSTRING(s FROM k - 1 FOR 3) < 'b' AND s NOT LIKE '%😀%'",
  })
  void substringCutsAsCalciteDoes(String sql) throws SQLException {
    assertPlanShows(sql, "SUBSTRING:VARCHAR");
    sameRowsOnEveryExecutor(sql);
  }

  /**
   * A string's first n characters compared to a constant of n characters is a LIKE of that prefix,
   * which LLVM compiles; a LIKE without '_' whose '%' stand only at its ends is a search for the
   * pattern's bytes in the Java kernels (characters of 2, 3 and 4 bytes, a surrogate pair).
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT k, s FROM words WHERE substr(s, 1, 2) = 'x1' OR SUBSTRING(s FROM 1 FOR 2) = 'é日' OR substr(s, 1, 2) = '😀'",
      "SELECT k, s FROM words WHERE SUBSTRING(s FROM 1 FOR 3) = 'abc' AND k > 0",
      "SELECT k, s FROM words WHERE s LIKE '%b' OR s LIKE '%😀b' OR s LIKE 'abc' OR s LIKE '%日本%' OR s LIKE ''",
      "SELECT k, s FROM words WHERE s LIKE '%' OR s LIKE 'zz%' OR s LIKE '%%'",
      "SELECT k, s FROM t WHERE SUBSTRING(s FROM 1 FOR 2) = 'x1' OR SUBSTRING(s FROM 1 FOR 2) = 'x2'",
  })
  void prefixTestsAndPlainPatternsMatchBytes(String sql) throws SQLException {
    assertPlanAndSameRows(sql, plan -> plan.contains("LIKE") && !plan.contains("SUBSTRING"));
  }

  /** EXTRACT of YEAR, MONTH and DAY from a DATE runs in the engine (compiled), in filters, projections and group keys. */
  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT EXTRACT(YEAR FROM dt) y, EXTRACT(MONTH FROM dt) m, COUNT(*), SUM(k) FROM t GROUP BY EXTRACT(YEAR FROM dt), EXTRACT(MONTH FROM dt)",
      "SELECT k, dt, EXTRACT(DAY FROM dt) + k FROM t WHERE EXTRACT(DAY FROM dt) > 15 AND YEAR(dt) = 2020",
      "SELECT k, EXTRACT(YEAR FROM dt), EXTRACT(MONTH FROM dt) FROM t WHERE MONTH(dt) = 2 OR dt IS NULL",
  })
  void dateFieldsRunInTheEngine(String sql) throws SQLException {
    assertPlanAndSameRows(sql, plan -> plan.startsWith("BlazeVectorRel") && plan.matches("(?s).*(YEAR|MONTH|DAY):BIGINT.*"));
  }

  /**
   * DECIMAL division under a CAST (an AVG of DECIMALs is one) runs in the engine, rounded as
   * Calcite rounds. Where a CASE or AND guards it, the rows it does not reach cannot fail; the
   * engine evaluates an AND, OR or CASE holding a division only for the rows each part decides.
   * (Calcite's generated code does not always: it divides by the placeholder 0 of a NULL divisor
   * where an AND or OR does not skip the row, so those below divide by NOT NULL values.)
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT s, AVG(d), MIN(d) FROM t GROUP BY s",
      "SELECT b, AVG(d) FROM t WHERE k > 20 GROUP BY b",
      "SELECT k, CASE WHEN k = 0 THEN NULL ELSE CAST(d / k AS DECIMAL(12, 4)) END FROM t",
      "SELECT x, d FROM many WHERE x <> 0 AND CAST(d / x AS DECIMAL(18, 9)) > 0.000001",
      "SELECT k, d FROM t WHERE k < 0 OR CAST(d / 3 AS DECIMAL(18, 1)) < 0",
      "SELECT k, CASE WHEN k > 100 THEN -1 WHEN b THEN CAST(d / 3 AS DECIMAL(12, 4)) ELSE CAST(d / 7 AS DECIMAL(9, 5)) END FROM t",
  })
  void decimalDivisionRoundsAsCalciteDoes(String sql) throws SQLException {
    assertPlanShows(sql, "DECIMAL_QUOTIENT");
    sameRowsOnEveryExecutor(sql);
  }

  /**
   * A CAST to fewer decimals runs in the engine and truncates toward zero, negative values too, as
   * Calcite's does (its rounding mode is DOWN); TPC-H Q11 compares with one.
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT k, d, CAST(d * d AS DECIMAL(38, 2)), CAST(d * 3.14159 AS DECIMAL(30, 3)) FROM t",
      "SELECT a.k, a.d FROM t a, (SELECT SUM(d) * 0.0001 c FROM t) b WHERE a.d > CAST(b.c AS DECIMAL(38, 2))",
  })
  void castsToFewerDecimalsTruncate(String sql) throws SQLException {
    assertPlanAndSameRows(sql, plan -> plan.startsWith("BlazeVectorRel") && plan.contains("CAST:DECIMAL"));
  }

  /**
   * A CAST to DECIMAL(p, s) with p below 19 keeps Calcite's check that the value has at most p
   * digits: in the engine, as a CHECKED_CAST, unless the operand's type cannot exceed them. Rows
   * within range (a CASE or a filter keeps the others out) are the same on every executor.
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT k, CAST(d AS DECIMAL(3, 2)), CAST(d * 10 AS DECIMAL(5, 1)), CAST(d AS DECIMAL(2, 1)) FROM t WHERE d > -10",
      "SELECT k, CASE WHEN d BETWEEN -4.99 AND 4.99 THEN CAST(d * 2 AS DECIMAL(3, 2)) END FROM t",
      "SELECT s, CAST(SUM(d) AS DECIMAL(6, 2)), CAST(AVG(d) AS DECIMAL(3, 2)) FROM t GROUP BY s",
  })
  void castsToASmallPrecisionRunInTheEngine(String sql) throws SQLException {
    assertPlanAndSameRows(sql, plan -> plan.startsWith("BlazeVectorRel") && plan.contains("CHECKED_CAST"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT k, CAST(d * 2 AS DECIMAL(3, 2)) FROM t",
      "SELECT k, CAST(d AS DECIMAL(1, 1)) FROM t WHERE d > 5",
      "SELECT CAST(big AS DECIMAL(12, 0)) FROM t",
  })
  void castsToASmallPrecisionFailOnEveryExecutor(String sql) {
    for (Connection c : List.of(enumerable, java, llvm)) {
      SQLException e = assertThrows(SQLException.class, () -> JdbcTestSupport.rows(c, sql));
      JdbcTestSupport.assertMessages(e, "cannot be represented as a DECIMAL(");
    }
  }

  /**
   * A subplan that a query reads twice is computed once (TPC-H Q15's view): by its structure and
   * constants, so two that differ only in a constant, or in a column, stay apart.
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT a.s, a.c, b.c FROM (SELECT s, COUNT(*) c FROM t WHERE k < 10 GROUP BY s) a "
          + "JOIN (SELECT s, COUNT(*) c FROM t WHERE k < 10 GROUP BY s) b ON a.s = b.s",
      "SELECT a.s, a.c, b.c FROM (SELECT s, COUNT(*) c FROM t WHERE k * 2 < 10 GROUP BY s) a "
          + "JOIN (SELECT s, COUNT(*) c FROM t WHERE k * 2 < 20 GROUP BY s) b ON a.s = b.s",
      "SELECT a.s, a.m, b.m FROM (SELECT s, MAX(k) m FROM t GROUP BY s) a "
          + "JOIN (SELECT s, MAX(big) m FROM t GROUP BY s) b ON a.s = b.s",
  })
  void subplansReadTwiceGiveTheSameRows(String sql) throws SQLException {
    assertPlanAndSameRows(sql, plan -> plan.startsWith("BlazeVectorRel") && plan.indexOf("group=") != plan.lastIndexOf("group="));
  }

  /** Where a division by zero is reached, the engine fails as Calcite does. */
  @Test
  void decimalDivisionByZeroFailsOnEveryExecutor() {
    String sql = "SELECT k, CAST(d / k AS DECIMAL(12, 4)) FROM t";
    for (Connection c : List.of(enumerable, java, llvm)) {
      SQLException e = assertThrows(SQLException.class, () -> JdbcTestSupport.rows(c, sql));
      JdbcTestSupport.assertMessages(e, "Division by zero");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT k, s FROM t WHERE k < 0 UNION ALL SELECT k, s FROM t WHERE k > 190",
      "SELECT s FROM t UNION SELECT s FROM t WHERE k > 100",
      "SELECT d FROM t WHERE k < 10 UNION ALL SELECT SUM(d) FROM t GROUP BY s",
      "SELECT a.k FROM t a JOIN t b ON a.k = b.k WHERE b.d > 9 UNION ALL SELECT x FROM many WHERE x < 100000",
  })
  void unionsGiveTheSameRowsOnEveryExecutor(String sql) throws SQLException {
    assertPlanShows(sql, "union all of");
    sameRowsOnEveryExecutor(sql);
  }

  /** Sorts, with and without OFFSET and FETCH: the rows must come in the same order. */
  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT k, s, d FROM t ORDER BY d DESC NULLS FIRST, k, s",
      "SELECT s, k FROM t ORDER BY s DESC, k NULLS FIRST LIMIT 17 OFFSET 5",
      "SELECT * FROM t ORDER BY f, k, s, d, dt, b, big FETCH FIRST 10 ROWS ONLY",
      "SELECT s, COUNT(*) c FROM t GROUP BY s ORDER BY c DESC, s LIMIT 5",
      "SELECT a.k, b.s FROM t a JOIN t b ON a.k = b.k ORDER BY a.k DESC, b.s LIMIT 50",
      "SELECT x, s FROM many ORDER BY d DESC NULLS LAST, x LIMIT 100",
      "SELECT x, d FROM many ORDER BY s, x OFFSET 299990 ROWS",
  })
  void sortsGiveTheSameRowsInTheSameOrder(String sql) throws SQLException {
    assertPlanShows(sql, "order=[");
    List<String> expected = normalized(enumerable, sql, false);
    assertEquals(expected, normalized(java, sql, false), "java vs enumerable: " + sql);
    assertEquals(expected, normalized(llvm, sql, false), "llvm vs enumerable: " + sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT x, s, d FROM many WHERE x % 2 = 0 OR d > 500",
      "SELECT s, COUNT(*), SUM(d), MAX(x), COUNT(DISTINCT d), COUNT(DISTINCT s) FROM many GROUP BY s",
      "SELECT COUNT(*), SUM(d * 2), MIN(x) FROM many WHERE d BETWEEN 10 AND 90000",
  })
  void parallelMorselsGiveTheSameRows(String sql) throws SQLException {
    sameRowsOnEveryExecutor(sql);
  }

  @Test
  void aFetchGivenAsAParameterStaysCalcites() throws SQLException {
    try (java.sql.PreparedStatement s = llvm.prepareStatement("SELECT x FROM many ORDER BY x DESC LIMIT ?")) {
      s.setInt(1, 3);
      List<Long> top = new ArrayList<>();
      try (java.sql.ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          top.add(rs.getLong(1));
        }
      }
      assertEquals(List.of(299_999L * 7919, 299_998L * 7919, 299_997L * 7919), top);
    }
  }

  @Test
  void rowsLeaveInTableOrder() throws SQLException {
    List<List<Object>> rows = JdbcTestSupport.rows(llvm, "SELECT x FROM many WHERE x > 1000");
    assertEquals(299_999, rows.size());
    for (int i = 1; i < rows.size(); i++) {
      assertTrue(((Number) rows.get(i - 1).getFirst()).longValue() < ((Number) rows.get(i).getFirst()).longValue());
    }
  }

  @Test
  void explainShowsTheEngineAndItsBackend() throws SQLException {
    String numeric = explain(llvm, "SELECT SUM(d * 2) FROM t WHERE k > 10");
    assertTrue(numeric.contains("BlazeVectorRel") && numeric.contains("backend=[llvm]") && numeric.contains("aggs="), numeric);
    String strings = explain(llvm, "SELECT k FROM t WHERE s LIKE 'x1%' OR s < 'x'");
    assertTrue(strings.contains("backend=[llvm]"), strings);
    assertTrue(explain(java, "SELECT k FROM t WHERE k > 1").contains("backend=[java]"));
    assertTrue(!explain(enumerable, "SELECT k FROM t WHERE k > 1").contains("BlazeVectorRel"));
  }

  @Test
  void memoryLimitFailsTheQueryNamingTheOperator() throws Exception {
    try (Connection small = DriverManager.getConnection(JdbcTestSupport.url(dir) + ";memory_limit=2MB")) {
      SQLException e = assertThrows(SQLException.class,
          () -> JdbcTestSupport.rows(small, "SELECT x, COUNT(*) FROM many GROUP BY x"));
      JdbcTestSupport.assertMessages(e, "hash aggregate", "memory limit of 2.0 MB", "memory_limit");
      e = assertThrows(SQLException.class,
          () -> JdbcTestSupport.rows(small, "SELECT COUNT(*) FROM many a JOIN many b ON a.x = b.x + 1"));
      JdbcTestSupport.assertMessages(e, "hash join (build side)", "memory limit of 2.0 MB");
      assertEquals(300_000L, ((Number) JdbcTestSupport.value(small, "SELECT COUNT(*) FROM many")).longValue());
    }
    try (Connection big = DriverManager.getConnection(JdbcTestSupport.url(dir) + ";memory_limit=256MB")) {
      assertEquals(300_000, JdbcTestSupport.rows(big, "SELECT x, COUNT(*) FROM many GROUP BY x").size());
    }
  }

  @Test
  void badExecutionPropertiesAreNamed() {
    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(JdbcTestSupport.url(dir) + ";backend=gpu"));
    JdbcTestSupport.assertMessages(e, "backend=gpu", "llvm or java");
    e = assertThrows(SQLException.class, () -> DriverManager.getConnection(JdbcTestSupport.url(dir) + ";memory_limit=lots"));
    JdbcTestSupport.assertMessages(e, "memory_limit=lots");
  }

  /** A SEMI join whose left input is the smaller builds on it, and returns its matched rows. */
  @Test
  void semiJoinsBuildOnTheSmallerLeftSide() throws SQLException {
    assertPlanShows("SELECT * FROM t WHERE k * 7919 IN (SELECT x FROM many)", "join=BUILD_SEMI");
  }

  /**
   * A join above another join builds on the smaller input as estimated from distinct values: here
   * the join of half of {@code many} with {@code many} on its unique key (150,000 rows), not
   * {@code many} (300,000). With Calcite's fixed 15% per equality the lower join looked like 6.75
   * billion rows, and the larger table was built.
   */
  @Test
  void joinsAboveJoinsBuildTheSmallerSide() throws SQLException {
    String sql = "SELECT m1.x, m2.d FROM many m1 JOIN (SELECT a.x, a.d FROM many a JOIN many b ON a.x = b.x WHERE a.d < 10) m2 "
        + "ON m1.x = m2.x";
    String plan = explain(llvm, sql);
    assertTrue(plan.matches("(?s).*build=\\[scan many: [^\\]]*\\]; join=.*"), plan);
    sameRowsOnEveryExecutor(sql);
  }

  /**
   * A join's key has as many distinct values as the side holding it gives: the other side of a
   * join below is asked for no columns, which Calcite's catch-all answers only for unique rows,
   * and the estimate fell back to 15% per equality. Here all of {@code many} joined on its unique
   * {@code x} to about 20 rows was estimated at 900,000 rows instead of about 20 (in TPC-H Q21 the
   * join of lineitem to the suppliers of one nation was 675 million rows, and the EXISTS join
   * then built on all of lineitem).
   */
  @Test
  void joinsEstimateTheirKeysDistinctValuesThroughJoinsBelow() throws SQLException {
    String sql = "SELECT m.s, t.k FROM many m JOIN (t JOIN words w ON t.k = w.k AND w.s = 'abc') ON m.x = t.big";
    String plan = String.valueOf(JdbcTestSupport.value(llvm, "EXPLAIN PLAN INCLUDING ALL ATTRIBUTES FOR " + sql));
    Matcher rows = Pattern.compile("rowcount = ([0-9.E]+)").matcher(plan);
    assertTrue(rows.find(), plan);
    assertTrue(Double.parseDouble(rows.group(1)) < 1_000, plan);
    sameRowsOnEveryExecutor(sql);
  }

  /**
   * Correlated EXISTS and NOT EXISTS become SEMI and ANTI joins on the subquery's condition, so
   * every executor runs the rewrite: the oracle is the same test without a correlated subquery,
   * an IN over the join (on t's unique column big) for EXISTS, a LEFT JOIN keeping the rows
   * without a partner for NOT EXISTS. (A correlated COUNT would do for both, but Calcite runs it
   * for minutes.) k, s, d and b hold NULLs, which must match nothing. The cases: the TPC-H Q21
   * shape (both kinds beside a plain conjunct, a local condition on the subquery's side), a
   * subquery correlated with both sides of a join, and one inside a derived table whose outer
   * columns Calcite trims.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "SELECT k, s FROM t WHERE EXISTS (SELECT 1 FROM t b WHERE b.s = t.s AND b.k > t.k + 100)"
          + "| SELECT k, s FROM t WHERE big IN (SELECT a.big FROM t a JOIN t b ON b.s = a.s AND b.k > a.k + 100)",
      "SELECT k, s FROM t WHERE NOT EXISTS (SELECT 1 FROM t b WHERE b.s = t.s AND b.d > t.d + 9)"
          + "| SELECT t.k, t.s FROM t LEFT JOIN t b ON b.s = t.s AND b.d > t.d + 9 WHERE b.s IS NULL",
      "SELECT k, d FROM t WHERE d > 0 AND EXISTS (SELECT 1 FROM t b WHERE b.dt = t.dt AND b.k <> t.k) "
          + "AND NOT EXISTS (SELECT 1 FROM t c WHERE c.dt = t.dt AND c.k <> t.k AND c.b)"
          + "| SELECT k, d FROM t WHERE d > 0 AND big IN (SELECT a.big FROM t a JOIN t b ON b.dt = a.dt AND b.k <> a.k) "
          + "AND big NOT IN (SELECT a.big FROM t a JOIN t c ON c.dt = a.dt AND c.k <> a.k AND c.b)",
      "SELECT a.k, b.x FROM t a JOIN many b ON a.k * 7919 = b.x WHERE NOT EXISTS "
          + "(SELECT 1 FROM words w WHERE w.k = a.k AND w.s <> b.s)"
          + "| SELECT a.k, b.x FROM t a JOIN many b ON a.k * 7919 = b.x LEFT JOIN words w ON w.k = a.k AND w.s <> b.s "
          + "WHERE w.k IS NULL",
      "SELECT s, COUNT(*) FROM (SELECT s, k FROM t WHERE NOT EXISTS (SELECT 1 FROM words w WHERE w.k = t.k)) GROUP BY s"
          + "| SELECT t.s, COUNT(*) FROM t LEFT JOIN words w ON w.k = t.k WHERE w.k IS NULL GROUP BY t.s",
  })
  void correlatedExistsRunsAsASemiOrAntiJoin(String exists, String oracle) throws SQLException {
    // no grouping without aggregates: the distinct outer keys of Calcite's decorrelation
    assertPlanAndSameRows(exists, plan -> plan.matches("(?s).*(SEMI|ANTI) \\[.*") && !plan.matches("(?s).*aggs=\\[\\[?]].*"));
    assertEquals(normalized(enumerable, oracle), normalized(llvm, exists), exists);
  }

  /**
   * {@code NOT IN (subquery)} runs in the engine: Calcite marks the subquery's values with a
   * LITERAL_AGG(true), a constant column after the aggregate, joins them LEFT and keeps the rows
   * the three-valued test allows (none when the subquery holds a NULL).
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT k, s FROM t WHERE k NOT IN (SELECT k FROM words WHERE s LIKE 'x%')",
      "SELECT k, s FROM t WHERE k NOT IN (SELECT k FROM words WHERE s LIKE 'a%')",
      "SELECT s, COUNT(*) FROM t WHERE k NOT IN (SELECT k FROM words WHERE k > 100) GROUP BY s",
      "SELECT k, s FROM t WHERE k NOT IN (SELECT x FROM many WHERE x < 7919 * 40)",
      "SELECT x, s FROM many WHERE x NOT IN (SELECT k * 7919 FROM t WHERE d > 0)",
  })
  void notInSubqueriesRunInTheEngine(String sql) throws SQLException {
    // k may be NULL: no ANTI join, which would keep the rows for which NOT IN is unknown
    assertPlanAndSameRows(sql, plan -> plan.startsWith("BlazeVectorRel") && !plan.contains("Enumerable")
        && !plan.contains("ANTI"));
  }

  /**
   * {@code NOT IN (subquery)} over values that cannot be NULL (many's x and s, t's big, and
   * arithmetic on them) is an ANTI join on their equality, by one column or two, beside another
   * conjunct, and over an empty subquery (which keeps every row). The oracle keeps the rows a LEFT
   * JOIN of the subquery's distinct values leaves without a partner.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "SELECT x, s FROM many WHERE x NOT IN (SELECT x * 3 FROM many WHERE d > 500)"
          + "| SELECT m.x, m.s FROM many m LEFT JOIN (SELECT DISTINCT x * 3 AS y FROM many WHERE d > 500) n "
          + "ON m.x = n.y WHERE n.y IS NULL",
      "SELECT s, COUNT(*) FROM many WHERE x + 7919 NOT IN (SELECT x FROM many WHERE s LIKE 'group 1%') AND s <> 'g3' "
          + "GROUP BY s"
          + "| SELECT m.s, COUNT(*) FROM many m LEFT JOIN (SELECT DISTINCT x FROM many WHERE s LIKE 'group 1%') n "
          + "ON m.x + 7919 = n.x WHERE n.x IS NULL AND m.s <> 'g3' GROUP BY m.s",
      "SELECT x, s FROM many WHERE (x, s) NOT IN (SELECT x + 7919, s FROM many WHERE d < 100)"
          + "| SELECT m.x, m.s FROM many m LEFT JOIN (SELECT DISTINCT x + 7919 AS y, s FROM many WHERE d < 100) n "
          + "ON m.x = n.y AND m.s = n.s WHERE n.y IS NULL",
      "SELECT k, big FROM t WHERE big NOT IN (SELECT x FROM many WHERE x < 0) | SELECT k, big FROM t",
  })
  void notInOverValuesThatCannotBeNullRunsAsAnAntiJoin(String notIn, String oracle) throws SQLException {
    assertPlanAndSameRows(notIn, plan -> plan.contains("ANTI [") && !plan.contains("Enumerable"));
    assertEquals(normalized(enumerable, oracle), normalized(llvm, notIn), notIn);
  }

  /**
   * Two joins are ordered by Calcite's heuristic, as more are: it follows the join conditions, so
   * tables listed apart (here the first two, which share no condition) are no cross product.
   */
  @Test
  void twoJoinsFollowTheirConditions() throws SQLException {
    assertPlanAndSameRows("SELECT a.x, b.k FROM many a, t b, many c WHERE a.x = c.x AND c.d = b.d AND b.k < 0",
        plan -> plan.startsWith("BlazeVectorRel") && !plan.contains("[]=[]"));
  }

  /**
   * Two joins on build sides of unique keys run in the order of the shares of their tables they
   * kept, the smaller first, whatever order the planner gave them: here it joins the numbers
   * first, whose condition it guesses keeps few and which keeps all, then two names of 20,057.
   * The columns come back in order (the planner's projection between the joins too), and every
   * executor gives the same rows.
   */
  @ParameterizedTest
  @ValueSource(strings = {"many m, nums n, names g", "names g, many m, nums n"})
  void joinsRunInTheOrderOfTheSharesTheyKeep(String from) throws SQLException {
    try (Connection c = JdbcTestSupport.connect(dir)) {
      JdbcTestSupport.execute(c, "CREATE TABLE IF NOT EXISTS nums (k BIGINT, a INTEGER)");
      JdbcTestSupport.execute(c, "CREATE TABLE IF NOT EXISTS names (s VARCHAR, b INTEGER)");
      if (JdbcTestSupport.rows(c, "SELECT COUNT(*) FROM nums").getFirst().getFirst().equals(0L)) {
        List<String> nums = new ArrayList<>();
        for (int k = 0; k < 2000; k++) {
          nums.add("(" + k + ", " + k % 10 + ")");
        }
        JdbcTestSupport.execute(c, "INSERT INTO nums VALUES " + String.join(", ", nums));
        List<String> names = new ArrayList<>();
        for (int g = 0; g < 50; g++) {
          names.add("('group " + g + " with a long name', " + g + ")");
        }
        for (int g = 0; g < 7; g++) {
          names.add("('g" + g + "', " + (50 + g) + ")");
        }
        JdbcTestSupport.execute(c, "INSERT INTO names VALUES " + String.join(", ", names));
        for (int b = 0; b < 20; b++) {
          names.clear();
          for (int g = 0; g < 1000; g++) {
            names.add("('other " + (b * 1000 + g) + "', " + (1000 + b * 1000 + g) + ")");
          }
          JdbcTestSupport.execute(c, "INSERT INTO names VALUES " + String.join(", ", names));
        }
      }
    }
    String sql = "SELECT m.x, m.s, m.d, n.k, n.a, g.b FROM " + from
        + " WHERE m.x = n.k * 7919 AND m.s = g.s AND n.a * 2 = n.a + n.a AND g.b IN (51, 52)";
    assertPlanShows(sql, "join=");
    sameRowsOnEveryExecutor(sql);
  }

  /**
   * A join probed by an aggregate's rows that turn out far fewer than the planner thought (a
   * HAVING keeps 25 of 300,000 groups) builds on those rows instead, and the other side streams:
   * every join type must give the same rows either way.
   */
  @ParameterizedTest
  @ValueSource(strings = {"JOIN t b ON a.c = b.k", "LEFT JOIN t b ON a.c = b.k", "RIGHT JOIN t b ON a.c = b.k",
      "FULL JOIN t b ON a.c = b.k", "JOIN t b ON a.c = b.k AND a.x > b.big", "LEFT JOIN t b ON a.c = b.k AND a.x > b.big",
      "FULL JOIN t b ON a.c = b.k AND a.x < b.big"})
  void joinsSwapSidesWhenTheMaterializedProbeSideIsSmall(String join) throws SQLException {
    String sql = "SELECT a.x, a.c, b.k, b.s, b.big FROM (SELECT x, COUNT(*) c FROM many GROUP BY x HAVING MAX(d) > 999.9) a "
        + join;
    assertPlanShows(sql, "join=");
    sameRowsOnEveryExecutor(sql);
  }

  /** The engine's plan of {@code sql} passes {@code check}, and every executor gives the same rows. */
  private void assertPlanAndSameRows(String sql, Predicate<String> check) throws SQLException {
    String plan = explain(llvm, sql);
    assertTrue(check.test(plan), () -> "unexpected plan of " + sql + "\n" + plan);
    sameRowsOnEveryExecutor(sql);
  }

  /** The engine's plan for {@code sql} holds {@code marker}: the operator under test runs there. */
  private static void assertPlanShows(String sql, String marker) throws SQLException {
    String plan = explain(llvm, sql);
    assertTrue(plan.contains(marker), () -> "no " + marker + " in the engine's plan of " + sql + "\n" + plan);
  }

  private static String explain(Connection c, String sql) throws SQLException {
    return String.valueOf(JdbcTestSupport.value(c, "EXPLAIN PLAN FOR " + sql));
  }

  /** The rows as sorted strings, doubles to 12 significant digits. */
  private static List<String> normalized(Connection c, String sql) throws SQLException {
    return normalized(c, sql, true);
  }

  private static List<String> normalized(Connection c, String sql, boolean sorted) throws SQLException {
    List<String> rows = new ArrayList<>();
    for (List<Object> row : JdbcTestSupport.rows(c, sql)) {
      StringBuilder sb = new StringBuilder();
      for (Object v : row) {
        sb.append(v instanceof Double d ? (d == 0 ? "0.0" : String.format("%.12g", d)) : String.valueOf(v)).append('|');
      }
      rows.add(sb.toString());
    }
    if (sorted) {
      rows.sort(null);
    }
    return rows;
  }
}
