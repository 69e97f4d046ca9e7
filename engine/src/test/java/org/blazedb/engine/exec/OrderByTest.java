package org.blazedb.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.blazedb.engine.vector.ValueType;
import org.junit.jupiter.api.Test;

/** Sorts and top-N against Java's sort of the same boxed rows. */
class OrderByTest {
  private static final List<ValueType> TYPES = List.of(ValueType.BIGINT, ValueType.DOUBLE, ValueType.VARCHAR);
  private static final String[] STRINGS = {"b", "a", "ab", "", "über", "zz", "a much longer string", "é"};

  private static List<Object[]> rows(int n) {
    Random random = new Random(5);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(new Object[] {random.nextInt(10) == 0 ? null : (long) random.nextInt(50),
          random.nextInt(10) == 0 ? null : random.nextInt(7) - 3.5, STRINGS[random.nextInt(STRINGS.length)]});
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

  @Test
  void sortsLikeJava() {
    List<Object[]> rows = rows(20_000);
    for (List<OrderBy.Key> keys : List.of(
        List.of(new OrderBy.Key(0, false, false), new OrderBy.Key(2, true, true)),
        List.of(new OrderBy.Key(1, true, true), new OrderBy.Key(0, false, true)),
        List.of(new OrderBy.Key(2, false, false), new OrderBy.Key(1, false, false), new OrderBy.Key(0, true, false)))) {
      MemoryBudget budget = MemoryBudget.unlimited();
      Columns columns = new Columns(TYPES, budget, "test");
      rows.forEach(columns::append);
      Columns sorted = new OrderBy(keys, 3, 1000).select(columns, budget);
      List<String> expected = rows.stream().sorted(comparator(keys)).skip(3).limit(1000).map(Arrays::toString).toList();
      assertEquals(expected, strings(sorted), keys.toString());
    }
  }

  @Test
  void topNOnSeveralWorkersKeepsTheFirstRows() {
    List<Object[]> rows = rows(400_000);
    MemoryBudget budget = MemoryBudget.unlimited();
    Columns columns = new Columns(TYPES, budget, "test");
    rows.forEach(columns::append);
    List<OrderBy.Key> keys = List.of(new OrderBy.Key(2, true, false), new OrderBy.Key(1, false, true),
        new OrderBy.Key(0, false, false));
    Pipeline pipeline = new Pipeline(new MaterializedSource(columns), List.of(new Calc(null, List.of(
        Calc.Projection.of(0, ValueType.BIGINT), Calc.Projection.of(1, ValueType.DOUBLE),
        Calc.Projection.of(2, ValueType.VARCHAR)))));
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
