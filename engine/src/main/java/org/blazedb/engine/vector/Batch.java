package org.blazedb.engine.vector;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Rows of several columns, column by column. A filter does not move data: it narrows the
 * {@link #selection()}, the positions (int32) of the rows still in the batch, in order.
 *
 * @param rows the rows the vectors hold
 * @param columns one vector per input column; null for columns the plan does not read
 * @param selection positions of the selected rows, or null when all {@code rows} are selected
 * @param selected how many rows are selected
 */
public record Batch(int rows, Vector[] columns, MemorySegment selection, int selected) {
  public static Batch all(int rows, Vector[] columns) {
    return new Batch(rows, columns, null, rows);
  }

  public Batch withSelection(MemorySegment newSelection, int count) {
    return new Batch(rows, columns, newSelection, count);
  }

  /** The row position of the {@code i}-th selected row. */
  public int position(int i) {
    return selection == null ? i : selection.getAtIndex(ValueLayout.JAVA_INT, i);
  }
}
