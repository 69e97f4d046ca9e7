package org.blazedb.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** An update's state grows the arrays it and merges use, the others stay empty; the budget counts those. */
class AggregateStateTest {
  @Test
  void growsOnlyTheArraysItsUpdateUses() {
    for (AggregateUpdate update : AggregateUpdate.values()) {
      AggregateState state = AggregateState.of(update);
      state.grow(10);
      boolean counts = update == AggregateUpdate.COUNT_ROWS || update == AggregateUpdate.COUNT;
      boolean sums = update == AggregateUpdate.SUM_LONG || update == AggregateUpdate.SUM_DECIMAL;
      int low = !counts && !update.isDouble() ? 10 : 0;
      int high = sums ? 10 : 0; // merges add 128-bit sums
      int doubles = update.isDouble() ? 10 : 0;
      assertEquals(10, state.count().length, update.toString());
      assertEquals(low, state.low().length, update.toString());
      assertEquals(high, state.high().length, update.toString());
      assertEquals(doubles, state.doubles().length, update.toString());
      assertEquals(8L * (1 + (low + high + doubles) / 10), state.bytesPerGroup(), update.toString());
      state.grow(5); // never shrinks
      assertEquals(10, state.capacity(), update.toString());
    }
    AggregateState all = new AggregateState();
    all.grow(3);
    assertEquals(3, all.doubles().length);
    assertEquals(32, all.bytesPerGroup());
  }
}
