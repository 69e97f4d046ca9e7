package org.blazedb.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

/**
 * A filter whose projections only pick columns passes its selection on instead of copying the
 * rows: a join after it probes through the selection, and a sink that copies rows ({@link
 * Columns}) picks them itself. The rows must be those a plain filter gives, NULLs and strings
 * included, over several morsels on two threads.
 */
class CalcTest {
  private static final List<ValueType> TYPES = List.of(ValueType.BIGINT, ValueType.VARCHAR, ValueType.BIGINT);
  private static final String[] STRINGS = {"a", "a string longer than seven", "", "ünïcødé"};

  private final MemoryBudget budget = MemoryBudget.unlimited();
  private final List<Object[]> rows = new ArrayList<>();
  private final Columns table = new Columns(TYPES, budget, "test");

  /** {@code c < 150}, then the third column (the join key below) and the string. */
  private final Calc calc = new Calc(
      JavaKernelBackend.INSTANCE.filter(new Expr.Call(Op.LESS, ValueType.BOOLEAN,
          List.of(new Expr.ColumnRef(0, ValueType.BIGINT), new Expr.Literal(150L, ValueType.BIGINT)))),
      List.of(Calc.Projection.of(2, ValueType.BIGINT), Calc.Projection.of(1, ValueType.VARCHAR)));

  CalcTest() {
    Random random = new Random(5);
    for (int i = 0; i < 3 * MaterializedSource.MORSEL + 17; i++) {
      Object[] row = {random.nextInt(10) == 0 ? null : (long) random.nextInt(300),
          random.nextInt(10) == 0 ? null : STRINGS[random.nextInt(STRINGS.length)],
          random.nextInt(10) == 0 ? null : (long) random.nextInt(50)};
      rows.add(row);
      table.append(row);
    }
  }

  /** The rows {@link #calc} keeps, as it gives them. */
  private List<String> filtered() {
    return rows.stream().filter(r -> r[0] != null && (Long) r[0] < 150)
        .map(r -> Arrays.toString(new Object[] {r[2], r[1]})).sorted().toList();
  }

  @Test
  void picksPassTheSelectionOnWithTheColumnsAsTheyAre() {
    Batch in = table.batch(0, 1000);
    List<Batch> out = new ArrayList<>();
    try (Stage.Worker worker = calc.worker(budget, () -> { })) {
      worker.process(in, out::add);
    }
    Batch passed = out.getFirst();
    assertNotNull(passed.selection());
    assertSame(in.columns()[2], passed.columns()[0]);
    assertSame(in.columns()[1], passed.columns()[1]);
    assertEquals(rows.subList(0, 1000).stream().filter(r -> r[0] != null && (Long) r[0] < 150).count(),
        passed.selected());
  }

  @Test
  void selectedRowsAreCollectedAsAFilterGivesThem() {
    Columns collected = new Columns(calc.outputTypes(), budget, "test");
    Morsels.collect(new Pipeline(new MaterializedSource(table), List.of(calc)), collected, 2, budget, () -> { });
    List<String> actual = new ArrayList<>();
    Batch all = collected.batch(0, collected.rows());
    for (int i = 0; i < all.rows(); i++) {
      actual.add(Arrays.toString(new Object[] {Boxing.get(all.columns()[0], i), Boxing.get(all.columns()[1], i)}));
    }
    assertEquals(filtered(), actual.stream().sorted().toList());
  }

  /**
   * A filter that keeps most rows passes its selection on with the picks as they are, and the
   * computed columns computed for every row: a DECIMAL product that overflows only on rows the
   * filter drops does not fail the query; one that overflows on a row it keeps does.
   */
  @Test
  void mostRowsKeptPassTheSelectionOnWithColumnsComputedForEveryRow() {
    ValueType dec2 = ValueType.decimal(2);
    Columns decimals = new Columns(List.of(ValueType.BIGINT, ValueType.VARCHAR, dec2), budget, "test");
    List<Object[]> decimalRows = new ArrayList<>();
    Random random = new Random(3);
    for (int i = 0; i < 3 * MaterializedSource.MORSEL + 17; i++) {
      long a = random.nextInt(100);
      // a product of 1.6E+15 overflows 64 bits: past the first 1,000 rows, on rows the filter drops (a = 0)
      Object[] row = {a, STRINGS[random.nextInt(STRINGS.length)], a == 0 && i >= 1000
          ? new java.math.BigDecimal("40000000.00") : java.math.BigDecimal.valueOf(random.nextInt(1000), 2)};
      decimalRows.add(row);
      decimals.append(row);
    }
    Expr d = new Expr.ColumnRef(2, dec2);
    Calc squares = squares(Op.GREATER, dec2, new Expr.Call(Op.MULTIPLY, ValueType.decimal(4), List.of(d, d)));
    Batch in = decimals.batch(0, 1000);
    List<Batch> out = new ArrayList<>();
    try (Stage.Worker worker = squares.worker(budget, () -> { })) {
      worker.process(in, out::add);
    }
    Batch passed = out.getFirst();
    assertNotNull(passed.selection());
    assertSame(in.columns()[1], passed.columns()[0]);
    List<String> expected = decimalRows.stream().filter(r -> (Long) r[0] > 0)
        .map(r -> Arrays.toString(new Object[] {r[1], ((java.math.BigDecimal) r[2]).multiply((java.math.BigDecimal) r[2])}))
        .sorted().toList();
    Columns collected = new Columns(squares.outputTypes(), budget, "test");
    Morsels.collect(new Pipeline(new MaterializedSource(decimals), List.of(squares)), collected, 2, budget, () -> { });
    Batch all = collected.batch(0, collected.rows());
    List<String> actual = new ArrayList<>();
    for (int i = 0; i < all.rows(); i++) {
      actual.add(Arrays.toString(new Object[] {Boxing.get(all.columns()[0], i), Boxing.get(all.columns()[1], i)}));
    }
    assertEquals(expected, actual.stream().sorted().toList());
    Calc keepingAll = squares(Op.GREATER_EQUAL, dec2, new Expr.Call(Op.MULTIPLY, ValueType.decimal(4), List.of(d, d)));
    try (Stage.Worker worker = keepingAll.worker(budget, () -> { })) {
      assertThrows(ArithmeticException.class, () -> worker.process(decimals.batch(1000, 2000), b -> { }));
    }
  }

  /** {@code a op 0}, then the string and {@code computed}. */
  private static Calc squares(Op op, ValueType type, Expr computed) {
    return new Calc(JavaKernelBackend.INSTANCE.filter(new Expr.Call(op, ValueType.BOOLEAN,
        List.of(new Expr.ColumnRef(0, ValueType.BIGINT), new Expr.Literal(0L, ValueType.BIGINT)))),
        List.of(Calc.Projection.of(1, ValueType.VARCHAR),
            Calc.Projection.of(JavaKernelBackend.INSTANCE.project(computed), computed.type())));
  }

  @Test
  void aJoinProbesWithTheSelectedRows() {
    Columns build = new Columns(List.of(ValueType.BIGINT), budget, "test");
    for (long k = 0; k < 50; k += 3) {
      build.append(new Object[] {k});
    }
    HashJoin join = new HashJoin(new JoinTable(build, new int[] {0}, List.of(ValueType.BIGINT), budget),
        new int[] {0}, calc.outputTypes(), JoinType.INNER, null);
    List<String> actual = new ArrayList<>();
    Morsels.run(new Pipeline(new MaterializedSource(table), List.of(calc, join)), () -> actual, (list, batch) -> {
      synchronized (list) {
        for (int i = 0; i < batch.rows(); i++) {
          list.add(Arrays.toString(new Object[] {Boxing.get(batch.columns()[0], i), Boxing.get(batch.columns()[1], i)}));
          assertEquals(Boxing.get(batch.columns()[0], i), Boxing.get(batch.columns()[2], i));
        }
      }
    }, 2, budget, () -> { });
    List<String> expected = rows.stream().filter(r -> r[0] != null && (Long) r[0] < 150)
        .filter(r -> r[2] != null && (Long) r[2] % 3 == 0)
        .map(r -> Arrays.toString(new Object[] {r[2], r[1]})).sorted().toList();
    assertEquals(expected, actual.stream().sorted().toList());
  }
}
