package org.blazedb.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.blazedb.engine.exec.AggregateCall.Function;
import org.blazedb.engine.expr.Expr;
import org.blazedb.engine.expr.Op;
import org.blazedb.engine.kernel.JavaKernelBackend;
import org.blazedb.engine.vector.ValueType;
import org.junit.jupiter.api.Test;

/**
 * A GROUP BY on build columns of a join, grouped first by build row: the groups and aggregates
 * equal those of a plain Java join and GROUP BY of the same rows, when build rows repeat each
 * other's strings (their groups must merge), hold NULLs and long strings, and the keys mix build
 * strings, a probe string and a build integer; on two workers.
 */
class BuildRowGroupingTest {
  private static final List<ValueType> PROBE = List.of(ValueType.BIGINT, ValueType.BIGINT, ValueType.VARCHAR);
  private static final List<ValueType> BUILD = List.of(ValueType.BIGINT, ValueType.VARCHAR, ValueType.VARCHAR,
      ValueType.BIGINT);
  private static final String[] TAGS = {"a", "b", null};

  private final MemoryBudget budget = MemoryBudget.unlimited();
  private final Random random = new Random(42);
  /** Probe: key (NULL in 1 row of 50), value, tag. */
  private final List<Object[]> probe = new ArrayList<>();
  /**
   * Build: key (1,500 values, some twice), name (1,300 values, most in one row or two, short and
   * long; NULL in 1 row of 200), tag, small integer.
   */
  private final List<Object[]> build = new ArrayList<>();

  BuildRowGroupingTest() {
    for (int i = 0; i < 2_000; i++) {
      int name = random.nextInt(1_300);
      build.add(new Object[] {(long) (i % 1_500), random.nextInt(200) == 0 ? null
          : name == 0 ? "" : name % 2 == 0 ? "n" + name : "Customer#" + name + " ünïcødé",
          TAGS[random.nextInt(TAGS.length)], (long) random.nextInt(3)});
    }
    for (int i = 0; i < 300_000; i++) {
      probe.add(new Object[] {random.nextInt(50) == 0 ? null : (long) random.nextInt(1_800), (long) random.nextInt(1_000),
          TAGS[random.nextInt(TAGS.length)]});
    }
  }

  /**
   * probe JOIN build ON probe.key = build.key WHERE probe.value < 900, projected to (name, probe
   * tag, value, build tag, small integer, value * 2): columns 3..6 of the join, the probe's 0..2.
   */
  private Pipeline pipeline(JoinType type) {
    JoinTable table = new JoinTable(columns(BUILD, build), new int[] {0}, List.of(ValueType.BIGINT), budget);
    HashJoin join = new HashJoin(table, new int[] {0}, PROBE, type, null);
    Expr value = new Expr.ColumnRef(1, ValueType.BIGINT);
    Calc calc = new Calc(
        JavaKernelBackend.INSTANCE.filter(new Expr.Call(Op.LESS, ValueType.BOOLEAN,
            List.of(value, new Expr.Literal(900L, ValueType.BIGINT)))),
        List.of(Calc.Projection.of(4, ValueType.VARCHAR), Calc.Projection.of(2, ValueType.VARCHAR),
            Calc.Projection.of(1, ValueType.BIGINT), Calc.Projection.of(5, ValueType.VARCHAR),
            Calc.Projection.of(6, ValueType.BIGINT),
            Calc.Projection.of(JavaKernelBackend.INSTANCE.project(new Expr.Call(Op.MULTIPLY, ValueType.BIGINT,
                List.of(value, new Expr.Literal(2L, ValueType.BIGINT)))), ValueType.BIGINT)));
    return new Pipeline(new MaterializedSource(columns(PROBE, probe)), List.of(join, calc));
  }

  private Columns columns(List<ValueType> types, List<Object[]> rows) {
    Columns columns = new Columns(types, budget, "test");
    rows.forEach(columns::append);
    return columns;
  }

  private static final List<AggregateCall> CALLS = List.of(
      new AggregateCall(Function.SUM, 5, false, ValueType.BIGINT, ValueType.BIGINT),
      new AggregateCall(Function.COUNT, -1, false, null, ValueType.BIGINT),
      new AggregateCall(Function.MIN, 2, false, ValueType.BIGINT, ValueType.BIGINT),
      new AggregateCall(Function.COUNT, 2, true, ValueType.BIGINT, ValueType.BIGINT));

  /** The result's rows, checked to be those it appends as columns too. */
  private List<String> aggregated(Pipeline pipeline, List<Integer> keys) {
    AggregateResult result = Morsels.aggregate(pipeline, keys, CALLS,
        AggregateCall.kernels(CALLS, JavaKernelBackend.INSTANCE), 2, budget, () -> { });
    List<String> rows = result.rows().stream().map(Arrays::toString).sorted().toList();
    List<ValueType> types = new ArrayList<>(keys.stream().map(pipeline.outputTypes()::get).toList());
    CALLS.forEach(c -> types.add(c.resultType()));
    Columns columns = new Columns(types, budget, "test");
    result.appendTo(columns);
    assertEquals(rows, Morsels.toRows(columns.batch(0, columns.rows())).stream().map(Arrays::toString).sorted().toList(),
        keys + ": appended");
    return rows;
  }

  /** The same GROUP BY over a plain Java join: keys are columns of the projected row. */
  private List<String> expected(List<Integer> keys) {
    Map<Long, List<Object[]>> byKey = new HashMap<>();
    for (Object[] b : build) {
      byKey.computeIfAbsent((Long) b[0], k -> new ArrayList<>()).add(b);
    }
    Map<List<Object>, long[]> groups = new HashMap<>();
    Map<List<Object>, Set<Long>> distinct = new HashMap<>();
    for (Object[] p : probe) {
      long value = (Long) p[1];
      if (p[0] == null || value >= 900) {
        continue;
      }
      for (Object[] b : byKey.getOrDefault((Long) p[0], List.of())) {
        Object[] row = {b[1], p[2], value, b[2], b[3], 2 * value};
        List<Object> key = Arrays.asList(keys.stream().map(k -> row[k]).toArray());
        long[] state = groups.computeIfAbsent(key, k -> new long[] {0, 0, Long.MAX_VALUE});
        state[0] += 2 * value;
        state[1]++;
        state[2] = Math.min(state[2], value);
        distinct.computeIfAbsent(key, k -> new HashSet<>()).add(value);
      }
    }
    List<String> rows = new ArrayList<>();
    groups.forEach((key, state) -> {
      List<Object> row = new ArrayList<>(key);
      row.addAll(List.of(state[0], state[1], state[2], (long) distinct.get(key).size()));
      rows.add(row.toString());
    });
    rows.sort(null);
    return rows;
  }

  @Test
  void groupsByBuildRowThenByTheirValues() {
    // build rows share names: their groups by build row must be merged
    assertEquals(true, expected(List.of(0)).size() < build.size() * 3 / 4);
    for (List<Integer> keys : List.of(List.of(0), List.of(0, 3, 4), List.of(1, 0), List.of(3, 1, 4, 0))) {
      assertNotNull(BuildRowGrouping.of(pipeline(JoinType.INNER), keys), keys.toString());
      assertEquals(expected(keys), aggregated(pipeline(JoinType.INNER), keys), keys.toString());
    }
  }

  /**
   * A top-N of the groups: ordered by aggregates, the groups are chosen before the build side's
   * strings are gathered for them; ordered by such a string, after. Either way the rows are those
   * of the whole result sorted, in order.
   */
  @Test
  void topGroupsAreThoseOfTheWholeResultSorted() {
    List<Integer> keys = List.of(0, 1, 3);
    assertNotNull(BuildRowGrouping.of(pipeline(JoinType.INNER), keys));
    List<ValueType> types = new ArrayList<>(keys.stream().map(pipeline(JoinType.INNER).outputTypes()::get).toList());
    CALLS.forEach(c -> types.add(c.resultType()));
    // SUM, then COUNT DESC, then MIN; by the name (a build column) first
    OrderBy byAggregates = new OrderBy(List.of(new OrderBy.Key(3, true, false), new OrderBy.Key(4, true, false),
        new OrderBy.Key(5, false, false)), 2, 20);
    OrderBy byName = new OrderBy(List.of(new OrderBy.Key(0, false, true), new OrderBy.Key(3, true, false)), 0, 20);
    for (OrderBy order : List.of(byAggregates, byName)) {
      AggregateResult result = Morsels.aggregate(pipeline(JoinType.INNER), keys, CALLS,
          AggregateCall.kernels(CALLS, JavaKernelBackend.INSTANCE), 2, budget, () -> { });
      Columns all = new Columns(types, budget, "test");
      result.appendTo(all);
      List<String> expected = Morsels.toRows(order.select(all, budget).batch(0, 20)).stream().map(Arrays::toString).toList();
      Columns top = result.sorted(order, types, budget);
      assertEquals(20, top.rows());
      assertEquals(expected, Morsels.toRows(top.batch(0, top.rows())).stream().map(Arrays::toString).toList(), order.toString());
    }
  }

  /**
   * Over 4,096 build rows their values are sampled: names in two or three rows each (2.6 rows per
   * value, as a row sees them) are grouped by row, names in eight rows each are not; an estimate
   * that counts a row drawn twice as a pair of equal rows (about 1 too high) refuses the first.
   */
  @Test
  void samplesALargeBuildSidesRowsPerValue() {
    build.clear();
    probe.clear();
    for (int i = 0; i < 12_000; i++) {
      build.add(new Object[] {(long) i, "Customer#" + (i % 4_800) + " of two or three rows", "a", (long) (i % 1_500)});
    }
    for (int i = 0; i < 48_000; i++) {
      probe.add(new Object[] {(long) (i % 12_000), (long) i % 1_000, "b"});
    }
    assertNotNull(BuildRowGrouping.of(pipeline(JoinType.INNER), List.of(0)), "2.6 rows per name");
    assertEquals(expected(List.of(0, 4)), aggregated(pipeline(JoinType.INNER), List.of(0, 4)));
    for (int i = 0; i < build.size(); i++) {
      build.get(i)[1] = "Customer#" + (i % 1_500) + " of eight rows";
    }
    assertNull(BuildRowGrouping.of(pipeline(JoinType.INNER), List.of(0)), "8 rows per name");
  }

  @Test
  void appliesOnlyToStringsOfAnInnerJoinsBuildSide() {
    assertNull(BuildRowGrouping.of(pipeline(JoinType.INNER), List.of(4)), "an integer of the build side");
    assertNull(BuildRowGrouping.of(pipeline(JoinType.INNER), List.of(3)), "3 values over 2,000 build rows");
    assertNull(BuildRowGrouping.of(pipeline(JoinType.INNER), List.of(1, 2)), "columns of the probe");
    assertNull(BuildRowGrouping.of(pipeline(JoinType.LEFT), List.of(0)), "an outer join");
    List<Object[]> fewProbeRows = new ArrayList<>(probe.subList(0, 4 * build.size() - 1));
    probe.clear();
    probe.addAll(fewProbeRows);
    assertNull(BuildRowGrouping.of(pipeline(JoinType.INNER), List.of(0)), "a probe table not 4 times the build side");
    assertEquals(expected(List.of(1, 4)), aggregated(pipeline(JoinType.INNER), List.of(1, 4)));
  }
}
