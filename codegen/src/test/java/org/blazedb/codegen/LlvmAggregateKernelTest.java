package org.blazedb.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.blazedb.engine.kernel.AggregateKernel;
import org.blazedb.engine.kernel.AggregateState;
import org.blazedb.engine.kernel.AggregateUpdate;
import org.blazedb.engine.kernel.JavaKernelBackend;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.engine.vector.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** LLVM aggregate kernels leave exactly the Java reference's states, over several batches. */
class LlvmAggregateKernelTest {
  private static final int ROWS = 1000;
  private static final int GROUPS = 7;
  private static final int BATCHES = 3;

  private final Arena arena = Arena.ofAuto();
  private final LlvmKernelBackend llvm = LlvmKernelBackend.get();

  @ParameterizedTest
  @EnumSource(AggregateUpdate.class)
  void groupedAndGlobalStatesMatchTheReference(AggregateUpdate update) {
    for (boolean nullable : new boolean[] {false, true}) {
      for (boolean grouped : new boolean[] {false, true}) {
        Random random = new Random(update.ordinal() * 4 + (nullable ? 2 : 0) + (grouped ? 1 : 0));
        AggregateKernel reference = JavaKernelBackend.INSTANCE.aggregate(update);
        AggregateKernel compiled = llvm.aggregate(update);
        AggregateState expected = AggregateState.of(update); // only the arrays the update uses
        AggregateState actual = AggregateState.of(update);
        expected.grow(GROUPS);
        actual.grow(GROUPS);
        for (int b = 0; b < BATCHES; b++) {
          Vector input = update == AggregateUpdate.COUNT_ROWS ? null : column(update, nullable, random);
          int[] groups = grouped ? random.ints(ROWS, 0, GROUPS).toArray() : null;
          int n = b == 1 ? 0 : ROWS - b; // an empty batch changes nothing
          reference.update(input, groups, n, expected);
          compiled.update(input, groups, n, actual);
        }
        String what = update + (nullable ? " nullable" : "") + (grouped ? " grouped" : " global");
        assertArrayEquals(expected.count(), actual.count(), what);
        assertArrayEquals(expected.low(), actual.low(), what);
        assertArrayEquals(expected.high(), actual.high(), what);
        if (update == AggregateUpdate.SUM_DOUBLE && !grouped) { // reassociated: same sum within rounding
          assertEquals(expected.doubles()[0], actual.doubles()[0], Math.abs(expected.doubles()[0]) * 1e-12, what);
        } else {
          assertArrayEquals(expected.doubles(), actual.doubles(), what);
        }
      }
    }
  }

  @Test
  void globalSumsAreVectorized() {
    for (AggregateUpdate update : new AggregateUpdate[] {AggregateUpdate.SUM_LONG, AggregateUpdate.SUM_DOUBLE,
        AggregateUpdate.COUNT}) {
      assertVectorized(llvm.optimizedGlobalAggregate(update, true), update + " nullable");
    }
    // With NULLs InstCombine turns min(a, ok ? v : MAX) into ok ? min(a, v) : a, which the loop
    // vectorizer does not take for a reduction; without them it does.
    assertVectorized(llvm.optimizedGlobalAggregate(AggregateUpdate.MIN_LONG, false), "MIN_LONG");
  }

  private static void assertVectorized(String ir, String what) {
    assertTrue(ir.contains("x i64>") || ir.contains("x double>"), what + "\n" + ir);
  }

  @Test
  void aLeadingNanStaysTheMinimumAsInTheReference() {
    MemorySegment values = arena.allocate(8L * 3, 8);
    values.setAtIndex(ValueLayout.JAVA_DOUBLE, 0, Double.NaN);
    values.setAtIndex(ValueLayout.JAVA_DOUBLE, 1, -5.0);
    values.setAtIndex(ValueLayout.JAVA_DOUBLE, 2, 3.0);
    Vector input = Vector.fixed(ValueType.DOUBLE, values, null);
    AggregateState state = new AggregateState();
    state.grow(1);
    llvm.aggregate(AggregateUpdate.MIN_DOUBLE).update(input, null, 3, state);
    assertTrue(Double.isNaN(state.doubles()[0]));
    assertEquals(3, state.count()[0]);
  }

  /** Values of the update's type with extremes, NaNs among minimum and maximum doubles, and every 5th row NULL if nullable. */
  private Vector column(AggregateUpdate update, boolean nullable, Random random) {
    MemorySegment values = arena.allocate(8L * ROWS, 64);
    MemorySegment validity = nullable ? arena.allocate(ROWS, 64) : null;
    for (int i = 0; i < ROWS; i++) {
      if (update.isDouble()) {
        double d = update != AggregateUpdate.SUM_DOUBLE && random.nextInt(20) == 0 ? Double.NaN : random.nextInt(20) == 0 ? -0.0 : random.nextGaussian() * 1e6;
        values.setAtIndex(ValueLayout.JAVA_DOUBLE, i, d);
      } else {
        long v = switch (random.nextInt(10)) {
          case 0 -> Long.MAX_VALUE;
          case 1 -> Long.MIN_VALUE + 1;
          default -> random.nextLong() >> random.nextInt(64);
        };
        values.setAtIndex(ValueLayout.JAVA_LONG, i, v);
      }
      if (nullable) {
        validity.set(ValueLayout.JAVA_BYTE, i, (byte) (i % 5 == 0 ? 0 : 1));
      }
    }
    return Vector.fixed(update.isDouble() ? ValueType.DOUBLE : ValueType.BIGINT, values, validity);
  }
}
