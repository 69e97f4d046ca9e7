package org.blazedb.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.blazedb.engine.expr.Expr;
import org.blazedb.engine.expr.Expr.Call;
import org.blazedb.engine.expr.Expr.ColumnRef;
import org.blazedb.engine.expr.Expr.Literal;
import org.blazedb.engine.expr.Op;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.engine.vector.Vector;
import org.junit.jupiter.api.Test;

/** Which conjuncts go to which stage, and that a cascade keeps the rows one kernel keeps. */
class FilterCascadeTest {
  private static final Expr N = new ColumnRef(0, ValueType.BIGINT);
  private static final Expr S = new ColumnRef(1, ValueType.VARCHAR);
  private static final Expr SMALL = compare(Op.LESS, N, new Literal(40L, ValueType.BIGINT));
  private static final Expr ABOVE = compare(Op.GREATER, new Call(Op.ADD, ValueType.BIGINT,
      List.of(N, new Literal(7L, ValueType.BIGINT))), new Literal(30L, ValueType.BIGINT));
  private static final Expr IS_B = compare(Op.EQUALS, S, new Literal("b", ValueType.VARCHAR));
  private static final Expr FAILS = compare(Op.LESS, new Call(Op.CHECKED_CAST, ValueType.BIGINT,
      List.of(N, new Literal(1000L, ValueType.BIGINT))), new Literal(90L, ValueType.BIGINT));

  @Test
  void numbersFirstThenStringsAndWhatMayFail() {
    assertEquals(List.of(and(SMALL, ABOVE), IS_B), FilterCascade.stages(and(and(IS_B, SMALL), ABOVE)));
    assertEquals(List.of(SMALL, and(FAILS, IS_B)), FilterCascade.stages(and(FAILS, and(SMALL, IS_B))));
    assertEquals(List.of(SMALL, FAILS), FilterCascade.stages(and(FAILS, SMALL)), "a failing conjunct waits");
  }

  @Test
  void oneKindIsOneStage() {
    Expr numbers = and(SMALL, ABOVE);
    assertEquals(List.of(numbers), FilterCascade.stages(numbers));
    Expr or = new Call(Op.OR, ValueType.BOOLEAN, List.of(SMALL, IS_B)); // not a conjunction
    assertEquals(List.of(or), FilterCascade.stages(or));
    assertEquals(List.of(IS_B), FilterCascade.stages(IS_B));
  }

  /** With NULLs on both sides (FALSE AND NULL, NULL AND TRUE), from every row and through a selection. */
  @Test
  void keepsTheRowsOfOneKernel() {
    Random random = new Random(3);
    int rows = 2000;
    Arena arena = Arena.ofAuto();
    MemorySegment numbers = arena.allocate(8L * rows, 8);
    MemorySegment numbersValid = arena.allocate(rows, 8);
    MemorySegment stringsValid = arena.allocate(rows, 8);
    MemorySegment offsets = arena.allocate(4L * (rows + 1), 8);
    MemorySegment data = arena.allocate(rows, 8);
    for (int i = 0; i < rows; i++) {
      numbers.setAtIndex(ValueLayout.JAVA_LONG, i, random.nextInt(100));
      numbersValid.set(ValueLayout.JAVA_BYTE, i, (byte) (random.nextInt(9) == 0 ? 0 : 1));
      stringsValid.set(ValueLayout.JAVA_BYTE, i, (byte) (random.nextInt(9) == 0 ? 0 : 1));
      offsets.setAtIndex(ValueLayout.JAVA_INT, i, i);
      data.set(ValueLayout.JAVA_BYTE, i, "abc".getBytes(StandardCharsets.UTF_8)[random.nextInt(3)]);
    }
    offsets.setAtIndex(ValueLayout.JAVA_INT, rows, rows);
    Vector[] columns = {Vector.fixed(ValueType.BIGINT, numbers, numbersValid), Vector.varchar(offsets, data, stringsValid)};
    MemorySegment selection = arena.allocate(4L * rows, 8);
    int selected = 0;
    for (int i = 0; i < rows; i += 1 + random.nextInt(3)) {
      selection.setAtIndex(ValueLayout.JAVA_INT, selected++, i);
    }
    Expr predicate = and(and(IS_B, SMALL), ABOVE);
    // a cascade within a cascade: each stage's positions in a buffer of their own
    FilterKernel nested = FilterCascade.chain(JavaKernelBackend.INSTANCE.filter(ABOVE),
        FilterCascade.of(and(IS_B, SMALL), JavaKernelBackend.INSTANCE::filter));
    for (Batch batch : List.of(Batch.all(rows, columns), new Batch(rows, columns, selection, selected))) {
      List<Integer> expected = kept(JavaKernelBackend.INSTANCE.filter(predicate), batch);
      assertEquals(expected, kept(FilterCascade.of(predicate, JavaKernelBackend.INSTANCE::filter), batch));
      assertEquals(expected, kept(nested, batch), "nested");
      assertEquals(true, expected.size() > 20, "some rows pass: " + expected.size());
    }
  }

  private static List<Integer> kept(FilterKernel filter, Batch batch) {
    MemorySegment out = Arena.ofAuto().allocate(4L * batch.rows(), 8);
    int n = filter.apply(batch, out);
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      kept.add(out.getAtIndex(ValueLayout.JAVA_INT, i));
    }
    return kept;
  }

  private static Expr compare(Op op, Expr left, Expr right) {
    return new Call(op, ValueType.BOOLEAN, List.of(left, right));
  }

  private static Expr and(Expr left, Expr right) {
    return new Call(Op.AND, ValueType.BOOLEAN, List.of(left, right));
  }
}
