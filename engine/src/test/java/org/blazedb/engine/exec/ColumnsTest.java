package org.blazedb.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.BitSet;
import java.util.List;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.Boxing;
import org.blazedb.engine.vector.ValueType;
import org.junit.jupiter.api.Test;

/**
 * Columns that keep some of their columns (a join's build side, the columns read after the join)
 * hold those as all columns would, take no memory for the others, and give them as null vectors.
 */
class ColumnsTest {
  private static final List<ValueType> TYPES = List.of(ValueType.BIGINT, ValueType.VARCHAR, ValueType.BIGINT);

  private static Columns filled(BitSet kept, MemoryBudget budget) {
    Columns all = new Columns(TYPES, MemoryBudget.unlimited(), "source");
    for (int i = 0; i < 20_000; i++) {
      all.append(new Object[] {(long) i, "a string of some length, number " + i, i % 7 == 0 ? null : (long) -i});
    }
    Columns columns = new Columns(TYPES, kept, budget, "test", 0);
    columns.append(all.batch(0, all.rows()));
    return columns;
  }

  @Test
  void keptColumnsHoldTheirRowsAndTheOthersAreNull() {
    BitSet firstAndLast = new BitSet();
    firstAndLast.set(0);
    firstAndLast.set(2);
    Columns columns = filled(firstAndLast, MemoryBudget.unlimited());
    Batch batch = columns.batch(0, columns.rows());
    assertNull(batch.columns()[1]);
    assertNull(columns.column(1));
    for (int i = 0; i < columns.rows(); i++) {
      assertEquals((long) i, Boxing.get(batch.columns()[0], i));
      assertEquals(i % 7 == 0 ? null : (long) -i, Boxing.get(batch.columns()[2], i));
    }
  }

  @Test
  void columnsNotKeptTakeNoMemory() {
    BitSet numbers = new BitSet();
    numbers.set(0);
    numbers.set(2);
    // 20,000 rows of two numbers and their validity: about 360 KB; the strings would add 900 KB
    assertEquals(20_000, filled(numbers, new MemoryBudget(1 << 20)).rows());
    QueryMemoryException e = assertThrows(QueryMemoryException.class, () -> filled(null, new MemoryBudget(1 << 20)));
    assertEquals(true, e.getMessage().contains("test"), e.getMessage());
  }

  /**
   * The rows live as long as their query's budget: closed, reading them fails (not a crash), for
   * columns on small allocations and on huge pages (300,000 longs, 2.4 MB) alike.
   */
  @Test
  void closingTheBudgetFreesTheRows() {
    for (int rows : new int[] {1_000, 300_000}) {
      MemoryBudget budget = MemoryBudget.unlimited();
      Columns columns = new Columns(List.of(ValueType.BIGINT), budget, "test");
      for (long i = 0; i < rows; i++) {
        columns.append(new Object[] {i});
      }
      assertEquals((long) rows - 1, Boxing.get(columns.column(0), rows - 1));
      budget.close();
      assertThrows(IllegalStateException.class, () -> Boxing.get(columns.column(0), rows - 1));
      budget.close(); // again: nothing to do
    }
  }
}
