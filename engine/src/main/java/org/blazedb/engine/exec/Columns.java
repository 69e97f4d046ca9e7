package org.blazedb.engine.exec;

import org.blazedb.engine.vector.LargeSegments;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.Boxing;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.engine.vector.Vector;

/**
 * Rows kept by the engine in growing off-heap columns: a join's build side, or an aggregate's
 * result that a pipeline reads again. Workers append concurrently; reading starts when appending
 * is over. The memory is the query's ({@link MemoryBudget#arena}), freed with the query's other
 * rows.
 */
public final class Columns {
  private final List<ValueType> types;
  private final MemoryBudget budget;
  private final String operator;
  private final Arena arena;
  private final MemorySegment[] values;
  private final MemorySegment[] validity;
  private final MemorySegment[] offsets;
  private final MemorySegment[] data;
  private final long[] dataUsed;
  /** Whether column c holds a NULL: if not, its vectors have no validity, and gathers skip it. */
  private final boolean[] hasNull;
  /** Whether column c is kept: one that no one reads is not (its vectors are null). */
  private final boolean[] kept;
  private int rows;
  private int capacity;
  private long reserved;

  public Columns(List<ValueType> types, MemoryBudget budget, String operator) {
    this(types, budget, operator, 0);
  }

  /**
   * Columns with room for {@code expectedRows} rows from the start (an estimate: more still fit).
   * Growing copies every column into new memory (zeroed too, below {@link LargeSegments#POOLED_FROM}),
   * which led TPC-H Q21's profile.
   */
  public Columns(List<ValueType> types, MemoryBudget budget, String operator, long expectedRows) {
    this(types, null, budget, operator, expectedRows);
  }

  /**
   * Columns that keep only the values of columns {@code kept} (null: all), which is all the
   * others' readers read (a join's build side holds the columns read after the join).
   */
  public Columns(List<ValueType> types, BitSet kept, MemoryBudget budget, String operator, long expectedRows) {
    this.types = List.copyOf(types);
    this.budget = budget;
    this.operator = operator;
    this.arena = budget.arena();
    int n = types.size();
    values = new MemorySegment[n];
    validity = new MemorySegment[n];
    offsets = new MemorySegment[n];
    data = new MemorySegment[n];
    dataUsed = new long[n];
    hasNull = new boolean[n];
    this.kept = new boolean[n];
    for (int c = 0; c < n; c++) {
      this.kept[c] = kept == null || kept.get(c);
      validity[c] = values[c] = data[c] = offsets[c] = MemorySegment.NULL;
      if (this.kept[c]) {
        offsets[c] = copy(MemorySegment.NULL, 0, 4); // offset 0 of the first row
      }
    }
    grow((int) Math.min(expectedRows, 1 << 26));
  }

  public List<ValueType> types() {
    return types;
  }

  public int rows() {
    return rows;
  }

  /** Makes room for {@code more} rows at once, where the number is known, instead of doubling to it. */
  public synchronized void reserve(int more) {
    grow(more);
  }

  /** Appends the selected rows of {@code batch}. */
  public synchronized void append(Batch batch) {
    int n = batch.selected();
    grow(n);
    MemorySegment selection = batch.selection();
    for (int c = 0; c < types.size(); c++) {
      if (!kept[c]) {
        continue;
      }
      Vector v = batch.columns()[c];
      // segments in locals, rows through the selection only where there is one: the JIT then
      // hoists the segments' checks out of these loops (profile of TPC-H Q21)
      MemorySegment valid = validity[c];
      MemorySegment inValid = v.validity();
      if (inValid == null) {
        valid.asSlice(rows, n).fill((byte) 1);
      } else {
        if (selection == null) {
          MemorySegment.copy(inValid, 0, valid, rows, n);
        } else {
          ColumnBuffer.gatherBytes(inValid, selection, n, valid, rows);
        }
        hasNull[c] |= anyZero(valid, rows, n);
      }
      if (v.type().kind() != ValueType.Kind.VARCHAR) {
        MemorySegment out = values[c];
        MemorySegment in = v.values();
        if (selection == null) {
          MemorySegment.copy(in, 0, out, 8L * rows, 8L * n);
        } else {
          ColumnBuffer.gatherLongs(in, selection, n, out, rows);
        }
        continue;
      }
      if (n > 0) {
        reserveData(c, StringGather.bytes(v, selection, n));
        dataUsed[c] = StringGather.copy(v, selection, n, offsets[c], rows, data[c], (int) dataUsed[c]);
      }
    }
    rows += n;
  }

  /**
   * Appends rows {@code positions} of {@code other} (columns of the same types). The positions
   * pass through a segment of the query's memory, reused: a sort's 256 KB a morsel, fresh from the
   * C library, were faulted in again each time.
   */
  public void append(Columns other, int[] positions) {
    if (positions.length == 0) {
      return;
    }
    long bytes = 4L * Math.min(MaterializedSource.MORSEL, positions.length);
    budget.reserve(bytes, operator);
    synchronized (this) {
      reserved += bytes;
    }
    MemorySegment selection = LargeSegments.allocate(arena, bytes, 4);
    Batch all = other.batch(0, other.rows());
    for (int from = 0; from < positions.length; from += MaterializedSource.MORSEL) {
      int n = Math.min(MaterializedSource.MORSEL, positions.length - from);
      MemorySegment.copy(positions, from, selection, ValueLayout.JAVA_INT, 0, n);
      append(all.withSelection(selection, n));
    }
  }

  /** Gives the memory back to the budget: the columns are not read again. */
  public synchronized void release() {
    budget.release(reserved);
    reserved = 0;
  }

  /** Appends one row of {@link Boxing} values. */
  public synchronized void append(Object[] row) {
    grow(1);
    for (int c = 0; c < types.size(); c++) {
      if (!kept[c]) {
        continue;
      }
      Object value = row[c];
      validity[c].set(ValueLayout.JAVA_BYTE, rows, value == null ? (byte) 0 : 1);
      hasNull[c] |= value == null;
      if (types.get(c).kind() != ValueType.Kind.VARCHAR) {
        values[c].setAtIndex(ValueLayout.JAVA_LONG, rows, value == null ? 0 : Boxing.unbox(types.get(c), value));
        continue;
      }
      byte[] bytes = value == null ? new byte[0] : ((String) value).getBytes(StandardCharsets.UTF_8);
      reserveData(c, bytes.length);
      MemorySegment.copy(bytes, 0, data[c], ValueLayout.JAVA_BYTE, dataUsed[c], bytes.length);
      dataUsed[c] += bytes.length;
      offsets[c].setAtIndex(ValueLayout.JAVA_INT, rows + 1, (int) dataUsed[c]);
    }
    rows++;
  }

  /** Whether column {@code c} is kept (the others are null). */
  public boolean keeps(int c) {
    return kept[c];
  }

  /** Column {@code c}, all rows; null if it is not kept. */
  public Vector column(int c) {
    return slice(c, 0, rows);
  }

  /** Rows {@code [from, from + n)} as a batch, the columns not kept null. */
  public Batch batch(int from, int n) {
    Vector[] columns = new Vector[types.size()];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = slice(c, from, n);
    }
    return Batch.all(n, columns);
  }

  private static boolean anyZero(MemorySegment bytes, int from, int n) {
    byte all = 1;
    for (int i = from; i < from + n; i++) {
      all &= bytes.get(ValueLayout.JAVA_BYTE, i);
    }
    return all == 0;
  }

  private Vector slice(int c, int from, int n) {
    if (!kept[c]) {
      return null;
    }
    MemorySegment valid = hasNull[c] ? validity[c].asSlice(from, n) : null;
    if (types.get(c).kind() == ValueType.Kind.VARCHAR) {
      return Vector.varchar(offsets[c].asSlice(4L * from, 4L * (n + 1)), data[c], valid);
    }
    return Vector.fixed(types.get(c), values[c].asSlice(8L * from, 8L * n), valid);
  }

  private void grow(int more) {
    if (rows + more <= capacity) {
      return;
    }
    int grown = Math.max(rows + more, Math.max(1024, capacity * 2));
    for (int c = 0; c < types.size(); c++) {
      if (!kept[c]) {
        continue;
      }
      boolean varchar = types.get(c).kind() == ValueType.Kind.VARCHAR;
      validity[c] = copy(validity[c], rows, grown);
      if (varchar) {
        offsets[c] = copy(offsets[c], 4L * (rows + 1), 4L * (grown + 1));
      } else {
        values[c] = copy(values[c], 8L * rows, 8L * grown);
      }
    }
    capacity = grown;
  }

  private void reserveData(int c, long length) {
    if (dataUsed[c] + length > data[c].byteSize()) {
      long size = Math.max(dataUsed[c] + length, Math.max(4096, data[c].byteSize() * 2));
      if (size > Integer.MAX_VALUE) {
        throw new QueryMemoryException(operator + " holds more than 2 GB of strings in one column");
      }
      data[c] = copy(data[c], dataUsed[c], size);
    }
  }

  private MemorySegment copy(MemorySegment from, long used, long size) {
    budget.reserve(size, operator);
    budget.release(from.byteSize()); // the old segment is garbage from here on
    reserved += size - from.byteSize();
    MemorySegment to = LargeSegments.allocate(arena, size, 8);
    MemorySegment.copy(from, 0, to, 0, Math.min(used, from.byteSize()));
    return to;
  }
}
