package org.blazedb.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.blazedb.engine.expr.Expr;
import org.blazedb.engine.expr.Op;
import org.blazedb.engine.kernel.JavaKernelBackend;
import org.blazedb.engine.vector.ValueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every join type against a plain Java join of the same rows, on keys of one integer column, of
 * two integer columns (packed into one long; probe values outside the build side's range), and of
 * an integer and a string (short or long); with NULL keys on both sides, duplicate keys, a
 * residual condition, and enough probe rows for several morsels on two threads.
 */
class HashJoinTest {
  private static final List<ValueType> TYPES = List.of(ValueType.BIGINT, ValueType.VARCHAR, ValueType.BIGINT);
  private static final String[] STRINGS = {"a", "bb", "a string longer than seven", "ünïcødé", ""};

  private static final List<int[]> KEYS = List.of(new int[] {0}, new int[] {0, 2}, new int[] {0, 1});

  /**
   * How keys are spread decides how the build side looks them up: one column close together or
   * two packed into a few bits are array indexes; one column far apart, or two packed into many
   * bits, go to the hash table; probe keys are tested against a bitmap of the build keys' range
   * when it is narrow, else against a Bloom filter.
   *
   * @param scale the step between values of the first column
   * @param thirdRange the third column's values are {@code [0, thirdRange)}
   */
  private record Spread(long scale, int thirdRange) {}

  private static final List<Spread> SPREADS = List.of(
      new Spread(1, 1000), // one column direct, two packed hashed with a bitmap
      new Spread(1, 4), // two packed direct
      new Spread(1_003, 1000), // one column hashed with a bitmap, two packed with a Bloom filter
      new Spread(1_000_003, 1000)); // one column hashed with a Bloom filter (and negative)

  /** Rows whose first column lies in {@code [low, 300)}. */
  private static List<Object[]> rows(Random random, int n, int low) {
    return rows(random, n, low, SPREADS.getFirst());
  }

  /** Rows whose first column is {@code (v - 150) * scale} for v in {@code [low, 300)}. */
  private static List<Object[]> rows(Random random, int n, int low, Spread spread) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(new Object[] {random.nextInt(20) == 0 ? null
          : spread.scale() == 1 ? (long) random.nextInt(low, 300) : (random.nextInt(low, 300) - 150) * spread.scale(),
          random.nextInt(20) == 0 ? null : STRINGS[random.nextInt(STRINGS.length)],
          (long) random.nextInt(spread.thirdRange())});
    }
    return rows;
  }

  private static Columns columns(List<Object[]> rows, MemoryBudget budget) {
    Columns columns = new Columns(TYPES, budget, "test");
    rows.forEach(columns::append);
    return columns;
  }

  @ParameterizedTest
  @EnumSource(JoinType.class)
  void matchesAPlainJoin(JoinType type) {
    for (Spread spread : SPREADS) {
      for (int[] keys : KEYS) {
        for (boolean withResidual : new boolean[] {false, true}) {
          check(type, spread, keys, withResidual, true, false);
        }
      }
    }
  }

  /**
   * Probe keys without NULLs are read by loops of their own (one integer column straight from its
   * vector, two packed as they are read from theirs, strings without a test per row); from the
   * rows a selection keeps too (a filter before the join passes its selection on).
   */
  @ParameterizedTest
  @EnumSource(JoinType.class)
  void matchesAPlainJoinWithProbeKeysWithoutNulls(JoinType type) {
    for (Spread spread : SPREADS) {
      for (int[] keys : KEYS) {
        for (boolean selecting : new boolean[] {false, true}) {
          check(type, spread, keys, false, false, selecting);
        }
      }
    }
  }

  /**
   * @param nullKeys whether the probe side's first two columns have NULLs
   * @param selecting whether a filter before the join keeps half the probe rows, by a selection
   */
  private static void check(JoinType type, Spread spread, int[] keys, boolean withResidual, boolean nullKeys,
      boolean selecting) {
    Random random = new Random(type.ordinal());
    List<Object[]> probe = rows(random, spread == SPREADS.getFirst() ? 100_000 : 30_000, 0, spread);
    List<Object[]> build = rows(random, 2_000, 100, spread);
    if (!nullKeys) {
      probe.forEach(r -> {
        r[0] = r[0] == null ? (Long) 0L : r[0];
        r[1] = r[1] == null ? STRINGS[0] : r[1];
      });
    }
    List<String> actual = joined(type, keys, probe, build, withResidual, selecting ? spread.thirdRange() / 2 : -1);
    if (selecting) {
      probe.removeIf(r -> (Long) r[2] >= spread.thirdRange() / 2);
    }
    assertEquals(expected(type, keys, probe, build, withResidual), actual,
        type + " keys=" + Arrays.toString(keys) + " residual=" + withResidual + " " + spread + " NULL keys="
            + nullKeys + " selecting=" + selecting);
  }

  /**
   * Probe keys that are rarely build keys (a selective dimension: TPC-H Q17's parts) are tested,
   * once a slice has shown them rare, by a loop that writes only the candidates: the same pairs.
   */
  @ParameterizedTest
  @EnumSource(JoinType.class)
  void rareProbeKeysMatchAPlainJoin(JoinType type) {
    Random random = new Random(31 + type.ordinal());
    List<Object[]> probe = new ArrayList<>(); // one key in 500 is a build key, and a slice's first rows
    for (int i = 0; i < 60_000; i++) {
      probe.add(new Object[] {i % 4096 < 8 ? 500L * (i % 200) : (long) random.nextInt(100_000), STRINGS[i % STRINGS.length],
          (long) i});
    }
    List<Object[]> build = new ArrayList<>();
    for (int k = 0; k < 200; k++) {
      build.add(new Object[] {500L * k, STRINGS[k % STRINGS.length], (long) k});
    }
    assertEquals(expected(type, KEYS.getFirst(), probe, build, false),
        joined(type, KEYS.getFirst(), probe, build, false, -1), type.toString());
  }

  /**
   * A key that chains more build rows than the join holds pairs before pushing them on: the pairs
   * are pushed part-way through its chain, and the chain goes on from where they stopped.
   */
  @ParameterizedTest
  @EnumSource(JoinType.class)
  void chainsLongerThanABatchOfPairsMatchAPlainJoin(JoinType type) {
    List<Object[]> build = new ArrayList<>();
    for (int i = 0; i < 150_000; i++) {
      build.add(new Object[] {i % 10_000 == 0 ? 2L : 1L, STRINGS[i % STRINGS.length], (long) (i % 7)});
    }
    List<Object[]> probe = new ArrayList<>();
    for (long key : new long[] {1, 2, 1, 3, 2}) {
      probe.add(new Object[] {key, STRINGS[(int) key], key + 2});
    }
    probe.add(new Object[] {null, STRINGS[0], 0L});
    for (boolean withResidual : new boolean[] {false, true}) {
      assertEquals(expected(type, KEYS.getFirst(), probe, build, withResidual),
          joined(type, KEYS.getFirst(), probe, build, withResidual, -1), type + " residual=" + withResidual);
    }
  }

  /**
   * The rows of {@code probe} joined to {@code build} on {@code keys}, sorted as strings; with
   * the residual {@code probe.c < build.c}, and after a filter {@code probe.c < below} (by a
   * selection) unless {@code below} is negative.
   */
  private static List<String> joined(JoinType type, int[] keys, List<Object[]> probe, List<Object[]> build,
      boolean withResidual, long below) {
    MemoryBudget budget = MemoryBudget.unlimited();
    List<ValueType> keyTypes = Arrays.stream(keys).mapToObj(TYPES::get).toList();
    JoinTable table = new JoinTable(columns(build, budget), keys, keyTypes, budget);
    // probe.c < build.c, over the joined columns (probe 0..2, build 3..5)
    Expr residual = withResidual ? new Expr.Call(Op.LESS, ValueType.BOOLEAN,
        List.of(new Expr.ColumnRef(2, ValueType.BIGINT), new Expr.ColumnRef(5, ValueType.BIGINT))) : null;
    HashJoin join = new HashJoin(table, keys, TYPES, type,
        residual == null ? null : JavaKernelBackend.INSTANCE.filter(residual));
    List<Stage> stages = new ArrayList<>(List.of(join));
    if (below >= 0) { // every column picked as it is
      stages.addFirst(new Calc(JavaKernelBackend.INSTANCE.filter(new Expr.Call(Op.LESS, ValueType.BOOLEAN, List.of(
          new Expr.ColumnRef(2, ValueType.BIGINT), new Expr.Literal(below, ValueType.BIGINT)))),
          List.of(Calc.Projection.of(0, TYPES.get(0)), Calc.Projection.of(1, TYPES.get(1)),
              Calc.Projection.of(2, TYPES.get(2)))));
    }
    Pipeline pipeline = new Pipeline(new MaterializedSource(columns(probe, budget)), stages);
    List<String> actual = new ArrayList<>();
    Morsels.run(pipeline, () -> actual, (list, batch) -> {
      synchronized (list) {
        Morsels.toRows(batch).forEach(r -> list.add(Arrays.toString(r)));
      }
    }, 2, budget, () -> { });
    return sorted(actual);
  }

  /**
   * Two joins followed by a stage that reads two columns: each join gathers only what the stages
   * after it read (the second one's key and residual columns from the first), and the rows are
   * those of the joins alone, projected.
   */
  @ParameterizedTest
  @EnumSource(JoinType.class)
  void gathersOnlyTheColumnsReadAfterIt(JoinType type) {
    Random random = new Random(17 + type.ordinal());
    MemoryBudget budget = MemoryBudget.unlimited();
    Columns probe = columns(rows(random, 20_000, 0), budget);
    List<ValueType> key = List.of(ValueType.BIGINT);
    HashJoin first = new HashJoin(new JoinTable(columns(rows(random, 300, 0), budget), new int[] {0}, key, budget),
        new int[] {0}, TYPES, JoinType.INNER, null);
    // the first join's probe.c (2) < the second's build.c (6 + 2)
    Expr less = new Expr.Call(Op.LESS, ValueType.BOOLEAN,
        List.of(new Expr.ColumnRef(2, ValueType.BIGINT), new Expr.ColumnRef(8, ValueType.BIGINT)));
    HashJoin second = new HashJoin(new JoinTable(columns(rows(random, 500, 100), budget), new int[] {0}, key, budget),
        new int[] {0}, first.outputTypes(), type, JavaKernelBackend.INSTANCE.filter(less));
    int last = second.outputTypes().size() - 1;
    int[] read = {1, last};
    Calc project = new Calc(null, Arrays.stream(read).mapToObj(c -> Calc.Projection.of(c, second.outputTypes().get(c))).toList());
    Pipeline pruned = new Pipeline(new MaterializedSource(probe), List.of(first, second, project));
    assertEquals(BitSet.valueOf(new long[] {type.buildOnly() ? 0b101 : type.probeOnly() ? 0b100111 : 0b111}),
        ((HashJoin) pruned.stages().getFirst()).gathered(), type + ": the first join's columns");
    List<String> whole = new ArrayList<>();
    for (Object[] row : run(new Pipeline(new MaterializedSource(probe), List.of(first, second)), budget)) {
      whole.add(Arrays.toString(Arrays.stream(read).mapToObj(c -> row[c]).toArray()));
    }
    List<String> projected = run(pruned, budget).stream().map(Arrays::toString).toList();
    assertEquals(sorted(whole), sorted(projected), type.toString());
    // A sink that reads the last column only: the first one is not made, nor gathered for it.
    Pipeline lastOnly = pruned.readingOnly(BitSet.valueOf(new long[] {0b10}));
    assertEquals(BitSet.valueOf(new long[] {0b10}), ((Calc) lastOnly.stages().getLast()).given(), type.toString());
    List<String> lasts = new ArrayList<>();
    for (Object[] row : run(lastOnly, budget)) {
      assertEquals(null, row[0], type.toString());
      lasts.add(Arrays.toString(new Object[] {null, row[1]}));
    }
    assertEquals(sorted(whole.stream().map(r -> "[null, " + r.substring(r.indexOf(", ") + 2)).toList()), sorted(lasts),
        type.toString());
  }

  /** The rows the pipeline gives, a column it leaves null as NULLs. */
  private static List<Object[]> run(Pipeline pipeline, MemoryBudget budget) {
    List<Object[]> rows = new ArrayList<>();
    Morsels.run(pipeline, () -> rows, (list, batch) -> {
      synchronized (list) {
        for (int i = 0; i < batch.rows(); i++) {
          Object[] row = new Object[batch.columns().length];
          for (int c = 0; c < row.length; c++) {
            row[c] = batch.columns()[c] == null ? null : org.blazedb.engine.vector.Boxing.get(batch.columns()[c], i);
          }
          list.add(row);
        }
      }
    }, 2, budget, () -> { });
    return rows;
  }

  /** The key columns of {@code row}, NULLs included. */
  private static List<Object> key(Object[] row, int[] keys) {
    return Arrays.asList(Arrays.stream(keys).mapToObj(k -> row[k]).toArray());
  }

  private static List<String> expected(JoinType type, int[] keys, List<Object[]> probe, List<Object[]> build,
      boolean residual) {
    List<String> rows = new ArrayList<>();
    boolean[] buildMatched = new boolean[build.size()];
    Object[] noBuild = new Object[3];
    java.util.Map<List<Object>, List<Integer>> byKey = new java.util.HashMap<>();
    for (int b = 0; b < build.size(); b++) {
      byKey.computeIfAbsent(key(build.get(b), keys), k -> new ArrayList<>()).add(b);
    }
    for (Object[] p : probe) {
      boolean matched = false;
      List<Object> probeKey = key(p, keys);
      List<Integer> candidates = probeKey.contains(null) ? List.of() : byKey.getOrDefault(probeKey, List.of());
      for (int b : candidates) {
        Object[] r = build.get(b);
        if (!residual || (Long) p[2] < (Long) r[2]) {
          matched = true;
          buildMatched[b] = true;
          if (!type.probeOnly() && !type.buildOnly()) {
            rows.add(joined(p, r));
          }
        }
      }
      if ((type == JoinType.SEMI && matched) || (type == JoinType.ANTI && !matched)) {
        rows.add(Arrays.toString(p));
      } else if ((type == JoinType.LEFT || type == JoinType.FULL) && !matched) {
        rows.add(joined(p, noBuild));
      }
    }
    for (int b = 0; b < build.size(); b++) {
      if ((type == JoinType.RIGHT || type == JoinType.FULL) && !buildMatched[b]) {
        rows.add(joined(new Object[3], build.get(b)));
      } else if ((type == JoinType.BUILD_SEMI && buildMatched[b]) || (type == JoinType.BUILD_ANTI && !buildMatched[b])) {
        rows.add(Arrays.toString(build.get(b)));
      }
    }
    return sorted(rows);
  }

  private static String joined(Object[] probe, Object[] build) {
    Object[] row = Arrays.copyOf(probe, 6);
    System.arraycopy(build, 0, row, 3, 3);
    return Arrays.toString(row);
  }

  private static List<String> sorted(List<String> rows) {
    List<String> copy = new ArrayList<>(rows);
    copy.sort(null);
    return copy;
  }

  @Test
  void buildSideOverTheMemoryLimitFailsNamingIt() {
    MemoryBudget budget = new MemoryBudget(1 << 20);
    QueryMemoryException e = org.junit.jupiter.api.Assertions.assertThrows(QueryMemoryException.class,
        () -> columns(rows(new Random(1), 200_000, 0), budget));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("test needs more than"), e.getMessage());
  }
}
