package org.blazedb.sqltests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.blazedb.sqltests.tpch.TpchData;
import org.blazedb.sqltests.tpch.TpchQuery;
import org.blazedb.storage.blz.BlzDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 22 TPC-H queries at scale factor 0.01 give io.trino.tpch's answers on each executor: the
 * vectorized engine with LLVM kernels, with the Java reference kernels, and Calcite's Enumerable
 * code alone. Agreeing with the same answers, they agree with each other.
 */
class TpchTest {
  /** Connection URL suffixes, by executor. */
  private static final Map<String, String> EXECUTORS = Map.of(
      "llvm", ";backend=llvm;llvm_min_rows=0",
      "java", ";backend=java",
      "enumerable", ";engine=enumerable");

  @TempDir
  static Path dir;
  private static final Map<String, Connection> connections = new HashMap<>();

  @BeforeAll
  static void load() throws Exception {
    TpchData.load(BlzDatabase.open(dir, true), 0.01);
    for (Map.Entry<String, String> e : EXECUTORS.entrySet()) {
      connections.put(e.getKey(), DriverManager.getConnection("jdbc:blaze:" + dir + e.getValue()));
    }
  }

  @AfterAll
  static void close() throws Exception {
    for (Connection c : connections.values()) {
      c.close();
    }
  }

  static Stream<Arguments> queries() {
    return TpchQuery.all().stream()
        .flatMap(q -> EXECUTORS.keySet().stream().sorted().map(e -> Arguments.of(q.number(), e, q)));
  }

  @ParameterizedTest(name = "Q{0} on {1}")
  @MethodSource("queries")
  void answer(int number, String executor, TpchQuery query) throws Exception {
    List<Object[]> rows = query.run(connections.get(executor));
    assertNull(query.difference(rows));
  }

  @Test
  void pricingSummaryRunsInTheEngine() throws Exception {
    String plan = explain(connections.get("java"), TpchQuery.load(1).query());
    // all of it, its AVGs (DECIMAL quotients) and ORDER BY included
    assertTrue(plan.startsWith("BlazeVectorRel") && plan.contains("aggs=[SUM0") && plan.contains("DECIMAL_QUOTIENT"), plan);
    assertTrue(plan.contains("backend=[java]"), plan);
    assertTrue(!explain(connections.get("enumerable"), TpchQuery.load(1).query()).contains("BlazeVectorRel"));
  }

  /**
   * The plans the answers above were checked with: Q9 joins the parts named green before the
   * suppliers, Q2 takes the lowest cost only of the parts it keeps (its join on two keys is not
   * estimated as if they were independent), Q17 and Q20 aggregate lineitem for the parts they keep
   * only, while Q18 (whose orders
   * hold every order key) and Q21 (whose other side repeats the aggregate's lineitem scans) do
   * not, and Q7's nations are filtered below the joins by the condition derived from its OR.
   */
  @Test
  void selectiveWorkComesFirst() throws Exception {
    Connection llvm = connections.get("llvm");
    String q9 = explain(llvm, TpchQuery.load(9).query());
    assertTrue(q9.contains("build=[scan part: filter=LIKE"), q9);
    assertTrue(q9.indexOf("build=[scan part") < q9.indexOf("build=[scan supplier"), q9);
    assertTrue(explain(llvm, TpchQuery.load(2).query()).contains("join=SEMI [0]=[0] build=[scan part: filter"));
    assertTrue(explain(llvm, TpchQuery.load(17).query()).contains("join=SEMI"));
    assertTrue(explain(llvm, TpchQuery.load(20).query()).contains("join=SEMI"));
    assertFalse(explain(llvm, TpchQuery.load(18).query()).contains("join=SEMI"));
    assertFalse(explain(llvm, TpchQuery.load(21).query()).contains("join=SEMI"));
    assertTrue(explain(llvm, TpchQuery.load(7).query()).contains("scan nation: filter=OR"));
  }

  static String explain(Connection connection, String sql) throws Exception {
    try (ResultSet rs = connection.createStatement().executeQuery("EXPLAIN PLAN FOR " + sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
