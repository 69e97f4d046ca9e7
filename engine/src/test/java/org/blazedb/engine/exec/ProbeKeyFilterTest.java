package org.blazedb.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.blazedb.engine.expr.Expr;
import org.blazedb.engine.expr.Op;
import org.blazedb.engine.kernel.JavaKernelBackend;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.Boxing;
import org.blazedb.engine.vector.ValueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A join's build keys filter its probe rows before the filter that precedes it, when the join drops
 * the probe rows it does not match and its keys fill a small share of their range: the rows are
 * those of the pipeline as planned, NULL keys and several morsels on two threads included; joins
 * that keep unmatched probe rows, keys that fill much of their range and pipelines with no filter
 * before the join are left as they are.
 */
class ProbeKeyFilterTest {
  private static final List<ValueType> TYPES = List.of(ValueType.BIGINT, ValueType.VARCHAR, ValueType.BIGINT);
  private static final int KEY_RANGE = 100_000;

  private final MemoryBudget budget = MemoryBudget.unlimited();
  private final Random random = new Random(11);
  private final Columns probe = new Columns(TYPES, budget, "probe");

  ProbeKeyFilterTest() {
    for (int i = 0; i < 3 * MaterializedSource.MORSEL + 17; i++) {
      probe.append(new Object[] {random.nextInt(20) == 0 ? null : (long) random.nextInt(KEY_RANGE),
          random.nextInt(20) == 0 ? null : "s" + random.nextInt(7), (long) random.nextInt(1000)});
    }
  }

  /**
   * A table of {@code n} rows whose keys are drawn from {@code [0, range)}, one in 20 NULL, and 0
   * (what a NULL probe key's value may be) among them.
   */
  private JoinTable table(int n, int range) {
    Columns build = new Columns(TYPES, budget, "build");
    for (int i = 0; i < n; i++) {
      Long key = i == 0 ? (Long) 0L : random.nextInt(20) == 0 ? null : (long) random.nextInt(range);
      build.append(new Object[] {key, "b" + i, (long) i});
    }
    return new JoinTable(build, new int[] {0}, List.of(ValueType.BIGINT), budget);
  }

  /** {@code c < 600} (or no filter), then the columns in the order (c, string, key): the join's key is column 2. */
  private static Calc filterBefore(boolean filtering) {
    Expr less = new Expr.Call(Op.LESS, ValueType.BOOLEAN,
        List.of(new Expr.ColumnRef(2, ValueType.BIGINT), new Expr.Literal(600L, ValueType.BIGINT)));
    return new Calc(filtering ? JavaKernelBackend.INSTANCE.filter(less) : null, List.of(
        Calc.Projection.of(2, ValueType.BIGINT), Calc.Projection.of(1, ValueType.VARCHAR),
        Calc.Projection.of(0, ValueType.BIGINT)));
  }

  private static List<Stage> stages(Calc calc, JoinTable table, JoinType type) {
    List<ValueType> joined = calc.outputTypes();
    return List.of(calc, new HashJoin(table, new int[] {2}, joined, type, null));
  }

  @ParameterizedTest
  @EnumSource(JoinType.class)
  void keysFilterTheProbeRowsFirstWhereTheJoinDropsThoseItDoesNotMatch(JoinType type) {
    JoinTable table = table(2_000, KEY_RANGE); // about 2% of the range
    List<Stage> planned = stages(filterBefore(true), table, type);
    List<Stage> hoisted = ProbeKeyFilter.hoisted(planned);
    if (type == JoinType.LEFT || type == JoinType.FULL || type == JoinType.ANTI) {
      assertEquals(planned, hoisted, type + " keeps probe rows it does not match");
    } else {
      Calc first = (Calc) hoisted.getFirst();
      assertNotSame(planned.getFirst(), first, type.toString());
      assertEquals("[0, 2]", Arrays.toString(first.filter().columns()), type + ": the key is read before the filter");
      assertSame(planned.get(1), hoisted.get(1));
    }
    // a table of its own for each run: some joins mark the build rows they match
    JoinTable again = new JoinTable(table.rows(), new int[] {0}, List.of(ValueType.BIGINT), budget);
    assertEquals(rows(planned), rows(ProbeKeyFilter.hoisted(stages(filterBefore(true), again, type))), type.toString());
  }

  @Test
  void keysThatFillMuchOfTheirRangeOrNoFilterBeforeTheJoinLeaveThePipelineAsPlanned() {
    List<Stage> dense = stages(filterBefore(true), table(40_000, KEY_RANGE / 2), JoinType.INNER);
    assertEquals(dense, ProbeKeyFilter.hoisted(dense), "keys filling a quarter of their range or more");
    List<Stage> unfiltered = stages(filterBefore(false), table(2_000, KEY_RANGE), JoinType.INNER);
    assertEquals(unfiltered, ProbeKeyFilter.hoisted(unfiltered), "no filter before the join");
  }

  /** A batch that comes with a selection (an earlier stage's) is filtered within it. */
  @Test
  void filtersWithinTheSelectionOfItsBatch() {
    JoinTable table = table(2_000, KEY_RANGE);
    Calc first = (Calc) ProbeKeyFilter.hoisted(stages(filterBefore(true), table, JoinType.INNER)).getFirst();
    Batch all = probe.batch(0, 5_000);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment odd = arena.allocate(4L * all.rows());
      int selected = 0;
      for (int row = 1; row < all.rows(); row += 2) {
        odd.setAtIndex(ValueLayout.JAVA_INT, selected++, row);
      }
      MemorySegment out = arena.allocate(4L * all.rows());
      int kept = first.filter().apply(all.withSelection(odd, selected), out);
      List<Integer> expected = new ArrayList<>();
      for (int row = 1; row < all.rows(); row += 2) {
        Object key = Boxing.get(all.columns()[0], row);
        if (key != null && (Long) Boxing.get(all.columns()[2], row) < 600 && buildKeys(table).contains(key)) {
          expected.add(row);
        }
      }
      List<Integer> actual = new ArrayList<>();
      for (int i = 0; i < kept; i++) {
        actual.add(out.getAtIndex(ValueLayout.JAVA_INT, i));
      }
      assertEquals(expected, actual);
    }
  }

  private static List<Object> buildKeys(JoinTable table) {
    Batch rows = table.rows().batch(0, table.rows().rows());
    List<Object> keys = new ArrayList<>();
    for (int row = 0; row < rows.rows(); row++) {
      keys.add(Boxing.get(rows.columns()[0], row));
    }
    return keys;
  }

  private List<String> rows(List<Stage> stages) {
    List<String> rows = new ArrayList<>();
    Morsels.run(new Pipeline(new MaterializedSource(probe), stages), () -> rows, (list, batch) -> {
      synchronized (list) {
        Morsels.toRows(batch).forEach(r -> list.add(Arrays.toString(r)));
      }
    }, 2, budget, () -> { });
    return rows.stream().sorted().toList();
  }
}
