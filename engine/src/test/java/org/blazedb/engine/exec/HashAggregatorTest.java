package org.blazedb.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.blazedb.engine.exec.AggregateCall.Function;
import org.blazedb.engine.kernel.JavaKernelBackend;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.engine.vector.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Grouping by strings short and long, across workers merged, against a plain map. */
class HashAggregatorTest {
  private static final ValueType DEC2 = ValueType.decimal(2);
  private final Arena arena = Arena.ofAuto();

  /** String keys short (packed) and long (interned), with and without NULLs (without, they are read by a loop of their own). */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void partialsMergeToTheSameGroupsAsOneAggregator(boolean withNulls) {
    String[] keys = withNulls ? new String[] {"a", "", "seven77", "eight888", "a much longer group name", "ünïcødé-key", null}
        : new String[] {"a", "", "seven77", "eight888", "a much longer group name", "ünïcødé-key", "z"};
    List<AggregateCall> calls = List.of(
        new AggregateCall(Function.COUNT, -1, false, null, ValueType.BIGINT),
        new AggregateCall(Function.SUM, 1, false, DEC2, DEC2),
        new AggregateCall(Function.COUNT, 1, true, DEC2, ValueType.BIGINT),
        new AggregateCall(Function.MAX, 1, false, DEC2, DEC2),
        new AggregateCall(Function.COUNT, 0, true, ValueType.VARCHAR, ValueType.BIGINT), // another column's pairs
        new AggregateCall(Function.SUM, 1, true, DEC2, DEC2)); // the pairs of the first DISTINCT call's column
    MemoryBudget budget = MemoryBudget.unlimited();
    HashAggregator first = aggregator(List.of(0), List.of(ValueType.VARCHAR), calls, budget);
    HashAggregator second = aggregator(List.of(0), List.of(ValueType.VARCHAR), calls, budget);
    Map<String, long[]> expected = new TreeMap<>(); // count, sum, distinct values seen (as a bit set of v % 64), max
    Map<String, java.util.Set<Long>> distinct = new TreeMap<>();
    for (int b = 0; b < 8; b++) {
      int rows = 1000;
      String[] column = new String[rows];
      long[] values = new long[rows];
      for (int i = 0; i < rows; i++) {
        column[i] = keys[(i * 7 + b) % keys.length];
        values[i] = (i * 31L + b) % 50 - 10;
        String k = String.valueOf(column[i]);
        long[] e = expected.computeIfAbsent(k, x -> new long[] {0, 0, 0, Long.MIN_VALUE});
        e[0]++;
        e[1] += values[i];
        e[3] = Math.max(e[3], values[i]);
        distinct.computeIfAbsent(k, x -> new java.util.HashSet<>()).add(values[i]);
      }
      (b % 2 == 0 ? first : second).add(batch(column, values));
    }
    first.merge(second);
    Map<String, List<Object>> actual = new TreeMap<>();
    for (Object[] row : first.rows()) {
      actual.put(String.valueOf(row[0]), Arrays.asList(row).subList(1, row.length));
    }
    assertEquals(expected.keySet(), actual.keySet());
    for (String k : expected.keySet()) {
      long[] e = expected.get(k);
      long distinctSum = distinct.get(k).stream().mapToLong(Long::longValue).sum();
      assertEquals(List.of(e[0], BigDecimal.valueOf(e[1], 2), (long) distinct.get(k).size(), BigDecimal.valueOf(e[3], 2),
          k.equals("null") ? 0L : 1L, BigDecimal.valueOf(distinctSum, 2)), actual.get(k), k);
    }
  }

  /**
   * Keys in runs (as clustered data gives them) and NULL; the columns hold what rows() gives, and
   * a sum beyond what a DECIMAL column holds fails clearly.
   */
  @Test
  void columnsHoldTheRowsValues() {
    String[] keys = {"x", null, "y", "zz", ""};
    List<AggregateCall> calls = List.of(
        new AggregateCall(Function.COUNT, -1, false, null, ValueType.BIGINT),
        new AggregateCall(Function.SUM, 1, false, DEC2, DEC2),
        new AggregateCall(Function.SUM, 1, false, DEC2, ValueType.decimal(3)),
        new AggregateCall(Function.COUNT, 1, true, DEC2, ValueType.BIGINT),
        new AggregateCall(Function.MIN, 1, false, DEC2, DEC2),
        new AggregateCall(Function.SUM0, 1, false, DEC2, DEC2));
    HashAggregator aggregator = aggregator(List.of(0), List.of(ValueType.VARCHAR), calls, MemoryBudget.unlimited());
    int rows = 3000;
    String[] column = new String[rows];
    long[] values = new long[rows];
    for (int i = 0; i < rows; i++) {
      column[i] = keys[(i / 3) % keys.length];
      values[i] = i % 17 - 8;
    }
    aggregator.add(batch(column, values));
    List<ValueType> types = new ArrayList<>(List.of(ValueType.VARCHAR));
    calls.forEach(c -> types.add(c.resultType()));
    HashAggregator overflowing = aggregator(List.of(0), List.of(ValueType.VARCHAR), calls, MemoryBudget.unlimited());
    overflowing.add(batch(new String[] {"a", "a"}, new long[] {Long.MAX_VALUE, Long.MAX_VALUE}));
    ArithmeticException e = assertThrows(ArithmeticException.class,
        () -> overflowing.appendTo(new Columns(types, MemoryBudget.unlimited(), "test")));
    assertEquals("DECIMAL overflow (more than 18 digits) in SUM", e.getMessage());
    Columns columns = new Columns(types, MemoryBudget.unlimited(), "test");
    aggregator.appendTo(columns);
    List<List<Object>> fromColumns = new ArrayList<>();
    Batch all = columns.batch(0, columns.rows());
    for (int r = 0; r < all.rows(); r++) {
      List<Object> row = new ArrayList<>();
      for (Vector v : all.columns()) {
        row.add(org.blazedb.engine.vector.Boxing.get(v, r));
      }
      fromColumns.add(row);
    }
    List<List<Object>> fromRows = aggregator.rows().stream().map(Arrays::asList).toList();
    assertEquals(keys.length, fromRows.size());
    assertEquals(fromRows, fromColumns);
  }

  /**
   * A batch with a selection (a filter that keeps most rows passes it on) gives the groups of its
   * selected rows alone: by a string key read through the selection, and by an integer key, which
   * a batch without one reads straight from its vector; DISTINCT values among them too.
   */
  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void aBatchWithASelectionAggregatesItsSelectedRows(int key) {
    List<AggregateCall> calls = List.of(
        new AggregateCall(Function.COUNT, -1, false, null, ValueType.BIGINT),
        new AggregateCall(Function.SUM, 1, false, DEC2, DEC2),
        new AggregateCall(Function.COUNT, 1, true, DEC2, ValueType.BIGINT),
        new AggregateCall(Function.MAX, 1, false, DEC2, DEC2));
    List<ValueType> types = List.of(key == 0 ? ValueType.VARCHAR : DEC2);
    String[] names = {"x", null, "y", "a longer group name", ""};
    int rows = 5000;
    String[] column = new String[rows];
    long[] values = new long[rows];
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      column[i] = names[(i / 3) % names.length];
      values[i] = i % 23 - 8;
      if (i % 7 != 3) {
        kept.add(i);
      }
    }
    MemorySegment selection = arena.allocate(4L * rows, 8);
    for (int i = 0; i < kept.size(); i++) {
      selection.setAtIndex(ValueLayout.JAVA_INT, i, kept.get(i));
    }
    HashAggregator selecting = aggregator(List.of(key), types, calls, MemoryBudget.unlimited());
    selecting.add(batch(column, values).withSelection(selection, kept.size()));
    HashAggregator dense = aggregator(List.of(key), types, calls, MemoryBudget.unlimited());
    dense.add(batch(kept.stream().map(i -> column[i]).toArray(String[]::new),
        kept.stream().mapToLong(i -> values[i]).toArray()));
    assertEquals(sorted(dense.rows()), sorted(selecting.rows()));
  }

  private static List<String> sorted(List<Object[]> rows) {
    return rows.stream().map(Arrays::toString).sorted().toList();
  }

  @Test
  void aGlobalAggregateOverNoRowsHasOneRow() {
    HashAggregator aggregator = aggregator(List.of(), List.of(), List.of(
        new AggregateCall(Function.COUNT, -1, false, null, ValueType.BIGINT),
        new AggregateCall(Function.SUM, 0, false, ValueType.BIGINT, ValueType.BIGINT)), MemoryBudget.unlimited());
    List<Object[]> rows = aggregator.rows();
    assertEquals(1, rows.size());
    assertEquals(Arrays.asList(0L, null), Arrays.asList(rows.getFirst()));
  }

  @Test
  void decimalSumsBeyond64BitsAreExact() {
    HashAggregator aggregator = aggregator(List.of(), List.of(), List.of(
        new AggregateCall(Function.SUM, 1, false, DEC2, DEC2)), MemoryBudget.unlimited());
    long[] values = new long[100];
    Arrays.fill(values, Long.MAX_VALUE - 1);
    aggregator.add(batch(new String[100], values));
    assertEquals(BigDecimal.valueOf(Long.MAX_VALUE - 1, 2).multiply(BigDecimal.valueOf(100)), aggregator.rows().getFirst()[0]);
  }

  @Test
  void tooManyGroupsFailNamingTheOperator() {
    MemoryBudget budget = new MemoryBudget(256 * 1024);
    HashAggregator aggregator = aggregator(List.of(1), List.of(DEC2), List.of(), budget);
    long[] values = new long[100_000];
    Arrays.setAll(values, i -> i);
    QueryMemoryException e = assertThrows(QueryMemoryException.class, () -> aggregator.add(batch(new String[100_000], values)));
    assertTrue(e.getMessage().startsWith("hash aggregate needs more than the query's memory limit of 0.3 MB"), e.getMessage());
  }

  /**
   * Keys of two integer columns, most near the first key (the direct window), some far from it in
   * either column, some NULL: the same groups as a plain Java map.
   */
  @Test
  void fewValuedKeysGroupAsManyValuedOnes() {
    java.util.Random random = new java.util.Random(9);
    int n = 20_000;
    MemorySegment a = arena.allocate(8L * n, 8);
    MemorySegment b = arena.allocate(8L * n, 8);
    MemorySegment bValid = arena.allocate(n, 8);
    Map<String, Long> expected = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      long x = random.nextInt(10) == 0 ? random.nextLong() : 1000 + random.nextInt(-40, 40);
      long y = random.nextInt(20) == 0 ? random.nextLong() : random.nextInt(5);
      boolean yValid = random.nextInt(12) != 0;
      a.setAtIndex(ValueLayout.JAVA_LONG, i, x);
      b.setAtIndex(ValueLayout.JAVA_LONG, i, y);
      bValid.set(ValueLayout.JAVA_BYTE, i, (byte) (yValid ? 1 : 0));
      expected.merge(x + "," + (yValid ? y : null), 1L, Long::sum);
    }
    List<AggregateCall> count = List.of(new AggregateCall(Function.COUNT, -1, false, null, ValueType.BIGINT));
    HashAggregator aggregator = aggregator(List.of(0, 1), List.of(ValueType.BIGINT, ValueType.BIGINT), count,
        MemoryBudget.unlimited());
    aggregator.add(Batch.all(n, new Vector[] {Vector.fixed(ValueType.BIGINT, a, null),
        Vector.fixed(ValueType.BIGINT, b, bValid)}));
    Map<String, Long> actual = new TreeMap<>();
    for (Object[] row : aggregator.rows()) {
      actual.put(row[0] + "," + row[1], (Long) row[2]);
    }
    assertEquals(expected, actual);
  }

  /**
   * One integer key over several batches: after the first, rows whose keys are known are read
   * straight from the vector until one is not (a new key, one outside the window at either edge,
   * a NULL); the groups and sums are those of a map.
   */
  @Test
  void oneIntegerKeyResolvedFromTheVectorGroupsEveryRow() {
    java.util.Random random = new java.util.Random(13);
    List<AggregateCall> calls = List.of(new AggregateCall(Function.COUNT, -1, false, null, ValueType.BIGINT),
        new AggregateCall(Function.SUM, 0, false, ValueType.BIGINT, ValueType.BIGINT));
    HashAggregator aggregator = aggregator(List.of(0), List.of(ValueType.BIGINT), calls, MemoryBudget.unlimited());
    Map<String, String> expected = new TreeMap<>();
    long[] edges = {-2048, -2049, 2047, 2048, -(1L << 50), 1L << 50};
    for (int b = 0; b < 6; b++) {
      int n = b == 5 ? 10_000 : 3000; // the last batch in several slices of keys, after its resolved rows
      MemorySegment keys = arena.allocate(8L * n, 8);
      MemorySegment valid = b == 3 ? arena.allocate(n, 8) : null;
      for (int i = 0; i < n; i++) {
        long key = b == 0 && i == 0 ? 0 // the window's centre
            : random.nextInt(50) == 0 ? edges[random.nextInt(edges.length)]
            : random.nextInt(b == 0 ? 8 : 12);
        boolean isValid = valid == null || random.nextInt(7) != 0;
        keys.setAtIndex(ValueLayout.JAVA_LONG, i, key);
        if (valid != null) {
          valid.set(ValueLayout.JAVA_BYTE, i, (byte) (isValid ? 1 : 0));
        }
        Long k = isValid ? key : null;
        expected.merge(String.valueOf(k), "1," + (k == null ? "null" : k), (x, y) -> {
          long count = Long.parseLong(x.split(",")[0]) + 1;
          return count + "," + (k == null ? "null" : Long.parseLong(x.split(",")[1]) + k);
        });
      }
      aggregator.add(Batch.all(n, new Vector[] {Vector.fixed(ValueType.BIGINT, keys, valid)}));
    }
    Map<String, String> actual = new TreeMap<>();
    for (Object[] row : aggregator.rows()) {
      actual.put(String.valueOf(row[0]), row[1] + "," + row[2]);
    }
    assertEquals(expected, actual);
  }

  /**
   * Clustered keys as TPC-H's order keys (8 used of every 32, each in a run of 1 to 7 rows), in
   * morsels of key ranges taken in shuffled order by two workers, with far keys and NULLs among
   * them: the one-column window widens upward and downward, and the groups merged are those of a
   * map.
   */
  @Test
  void widenedWindowsGroupClusteredKeysAsAMap() {
    for (int seed = 0; seed < 3; seed++) {
      java.util.Random random = new java.util.Random(seed);
      List<AggregateCall> calls = List.of(new AggregateCall(Function.COUNT, -1, false, null, ValueType.BIGINT),
          new AggregateCall(Function.SUM, 0, false, ValueType.BIGINT, ValueType.BIGINT));
      MemoryBudget budget = MemoryBudget.unlimited();
      HashAggregator[] workers = {aggregator(List.of(0), List.of(ValueType.BIGINT), calls, budget),
          aggregator(List.of(0), List.of(ValueType.BIGINT), calls, budget)};
      Map<Long, Long> counts = new java.util.HashMap<>();
      List<Integer> morsels = new ArrayList<>(java.util.stream.IntStream.range(0, 40).boxed().toList());
      java.util.Collections.shuffle(morsels, random);
      for (int m = 0; m < morsels.size(); m++) {
        long[] column = new long[16_000];
        boolean[] isNull = new boolean[column.length];
        boolean nullable = m % 3 != 0; // the others have no validity, so their rows are read from the vector
        int n = 0;
        for (long order = morsels.get(m) * 4000L; n < column.length - 8; order++) {
          long key = order / 8 * 32 + order % 8 + 1;
          for (int run = 1 + random.nextInt(7); run > 0 && n < column.length; run--, n++) {
            column[n] = random.nextInt(500) == 0 ? random.nextLong() : key;
            isNull[n] = nullable && random.nextInt(1000) == 0;
          }
        }
        MemorySegment keys = arena.allocate(8L * n, 8);
        MemorySegment valid = arena.allocate(n, 8);
        for (int i = 0; i < n; i++) {
          keys.setAtIndex(ValueLayout.JAVA_LONG, i, column[i]);
          valid.set(ValueLayout.JAVA_BYTE, i, (byte) (isNull[i] ? 0 : 1));
          counts.merge(isNull[i] ? null : column[i], 1L, Long::sum);
        }
        workers[m % 2].add(Batch.all(n, new Vector[] {Vector.fixed(ValueType.BIGINT, keys, nullable ? valid : null)}));
      }
      workers[0].merge(workers[1]);
      Map<Long, String> expected = new java.util.HashMap<>();
      counts.forEach((k, c) -> expected.put(k, c + "," + (k == null ? null : k * c)));
      Map<Long, String> actual = new java.util.HashMap<>();
      for (Object[] row : workers[0].rows()) {
        actual.put((Long) row[0], row[1] + "," + row[2]);
      }
      assertEquals(expected, actual, "seed " + seed);
    }
  }

  private static HashAggregator aggregator(List<Integer> keys, List<ValueType> types, List<AggregateCall> calls,
      MemoryBudget budget) {
    return new HashAggregator(keys, types, calls, AggregateCall.kernels(calls, JavaKernelBackend.INSTANCE), budget);
  }

  /** Column 0: the strings (null: NULL; no validity when there is none), column 1: DECIMAL(2) values. */
  private Batch batch(String[] strings, long[] values) {
    int n = values.length;
    MemorySegment offsets = arena.allocate(4L * (n + 1), 8);
    MemorySegment validity = Arrays.stream(strings).anyMatch(java.util.Objects::isNull) ? arena.allocate(n, 8) : null;
    List<byte[]> bytes = new ArrayList<>();
    int at = 0;
    for (int i = 0; i < n; i++) {
      byte[] b = strings[i] == null ? new byte[0] : strings[i].getBytes(StandardCharsets.UTF_8);
      bytes.add(b);
      offsets.setAtIndex(ValueLayout.JAVA_INT, i, at);
      if (validity != null) {
        validity.set(ValueLayout.JAVA_BYTE, i, (byte) (strings[i] == null ? 0 : 1));
      }
      at += b.length;
    }
    offsets.setAtIndex(ValueLayout.JAVA_INT, n, at);
    MemorySegment data = arena.allocate(Math.max(1, at), 8);
    at = 0;
    for (byte[] b : bytes) {
      MemorySegment.copy(b, 0, data, ValueLayout.JAVA_BYTE, at, b.length);
      at += b.length;
    }
    MemorySegment longs = arena.allocate(8L * n, 8);
    MemorySegment.copy(values, 0, longs, ValueLayout.JAVA_LONG, 0, n);
    return Batch.all(n, new Vector[] {Vector.varchar(offsets, data, validity), Vector.fixed(DEC2, longs, null)});
  }
}
