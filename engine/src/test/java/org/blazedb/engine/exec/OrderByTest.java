package org.blazedb.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.blazedb.engine.vector.ValueType;
import org.junit.jupiter.api.Test;

/** Sorts and top-N against Java's sort of the same boxed rows (Long, Double and String order). */
class OrderByTest {
  private static final List<ValueType> TYPES =
      List.of(ValueType.BIGINT, ValueType.DOUBLE, ValueType.VARCHAR, ValueType.VARCHAR);
  private static final long[] LONGS = {Long.MIN_VALUE, -5, -1, 0, 1, 7, 1L << 40, Long.MAX_VALUE};
  private static final double[] DOUBLES = {Double.NEGATIVE_INFINITY, -1e300, -3.5, -0.0, 0.0, 1e-300, 2.5,
      Double.POSITIVE_INFINITY, Double.NaN};
  /** Strings alike in their first 8 bytes, or not, and shorter than 8 bytes. */
  private static final String[] STRINGS = {"b", "a", "ab", "", "über", "zz", "a much longer string",
      "a much longer str", "a much l", "a much", "a much lA", "a much lz", "é", "Brand#12", "Brand#1", "Brand#123"};
  /** Strings whose UTF-16 order is not their bytes' (U+E000..U+FFFF against a character beyond U+FFFF). */
  private static final String[] UTF16 = {"a", "a\uE000", "a\uFFFDb", "a\uD83D\uDE00", "\uD83D\uDE00", "\uFFFF", "ab"};

  private static List<Object[]> rows(int n) {
    Random random = new Random(5);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(new Object[] {random.nextInt(10) == 0 ? null : LONGS[random.nextInt(LONGS.length)],
          random.nextInt(10) == 0 ? null : DOUBLES[random.nextInt(DOUBLES.length)],
          STRINGS[random.nextInt(STRINGS.length)], random.nextInt(10) == 0 ? null : UTF16[random.nextInt(UTF16.length)]});
    }
    return rows;
  }

  /** The order the keys say, by Java's comparators (stable, as the engine's sort is). */
  private static Comparator<Object[]> comparator(List<OrderBy.Key> keys) {
    Comparator<Object[]> result = (a, b) -> 0;
    for (OrderBy.Key key : keys) {
      @SuppressWarnings({"unchecked", "rawtypes"})
      Comparator<Comparable> values = key.descending() ? Comparator.<Comparable>naturalOrder().reversed()
          : Comparator.naturalOrder();
      Comparator<Comparable> withNulls = key.nullsFirst() ? Comparator.nullsFirst(values) : Comparator.nullsLast(values);
      result = result.thenComparing(r -> (Comparable) r[key.column()], withNulls);
    }
    return result;
  }

  /** Rows that tie keep their order (a stable sort), whether the first few are kept by a heap or all are sorted. */
  @Test
  void sortsLikeJava() {
    List<Object[]> rows = rows(20_000);
    for (List<OrderBy.Key> keys : List.of(
        List.of(new OrderBy.Key(0, false, false), new OrderBy.Key(2, true, true)),
        List.of(new OrderBy.Key(1, true, true), new OrderBy.Key(0, false, true)),
        List.of(new OrderBy.Key(2, false, false), new OrderBy.Key(1, false, false), new OrderBy.Key(0, true, false)),
        List.of(new OrderBy.Key(3, true, false), new OrderBy.Key(2, true, true), new OrderBy.Key(1, false, true)),
        List.of(new OrderBy.Key(3, false, true), new OrderBy.Key(0, true, true)))) {
      // the first rows by a heap (a few of them), or by sorting all
      for (long[] offsetFetch : new long[][] {{3, 1000}, {0, 1}, {7, 0}, {5, 5000}, {0, -1}, {30_000, 5}}) {
        MemoryBudget budget = MemoryBudget.unlimited();
        Columns columns = new Columns(TYPES, budget, "test");
        rows.forEach(columns::append);
        long offset = offsetFetch[0];
        long fetch = offsetFetch[1];
        Columns sorted = new OrderBy(keys, offset, fetch).select(columns, budget);
        List<String> expected = rows.stream().sorted(comparator(keys)).skip(offset)
            .limit(fetch < 0 ? Long.MAX_VALUE : fetch).map(Arrays::toString).toList();
        assertEquals(expected, strings(sorted), keys + " offset " + offset + " fetch " + fetch);
      }
    }
  }

  @Test
  void topNOnSeveralWorkersKeepsTheFirstRows() {
    List<Object[]> rows = rows(400_000);
    MemoryBudget budget = MemoryBudget.unlimited();
    Columns columns = new Columns(TYPES, budget, "test");
    rows.forEach(columns::append);
    List<OrderBy.Key> keys = List.of(new OrderBy.Key(2, true, false), new OrderBy.Key(1, false, true),
        new OrderBy.Key(0, false, false), new OrderBy.Key(3, false, false));
    Pipeline pipeline = new Pipeline(new MaterializedSource(columns), List.of(new Calc(null, List.of(
        Calc.Projection.of(0, ValueType.BIGINT), Calc.Projection.of(1, ValueType.DOUBLE),
        Calc.Projection.of(2, ValueType.VARCHAR), Calc.Projection.of(3, ValueType.VARCHAR)))));
    Columns top = new OrderBy(keys, 10, 25).sort(pipeline, 2, budget, () -> { });
    // every column is a key, so rows that tie are equal and the order is one
    List<String> expected = rows.stream().sorted(comparator(keys)).skip(10).limit(25).map(Arrays::toString).toList();
    assertEquals(expected, strings(top));
  }

  private static List<String> strings(Columns columns) {
    List<String> rows = new ArrayList<>();
    Morsels.toRows(columns.batch(0, columns.rows())).forEach(r -> rows.add(Arrays.toString(r)));
    return rows;
  }
}
