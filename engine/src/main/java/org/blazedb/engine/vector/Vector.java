package org.blazedb.engine.vector;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * One column of a {@link Batch}, off-heap. Values of a fixed-width kind lie at {@code 8 * row} in
 * {@link #values()} (int64 or float64); VARCHAR values are the UTF-8 bytes
 * {@code data[offsets[row] .. offsets[row + 1])}. Validity is kept apart: {@link #validity()} holds
 * one byte per row, 1 where the row has a value, or is null when every row has one.
 */
public record Vector(ValueType type, MemorySegment values, MemorySegment validity,
    MemorySegment offsets, MemorySegment data) {

  public static Vector fixed(ValueType type, MemorySegment values, MemorySegment validity) {
    return new Vector(type, values, validity, null, null);
  }

  public static Vector varchar(MemorySegment offsets, MemorySegment data, MemorySegment validity) {
    return new Vector(ValueType.VARCHAR, null, validity, offsets, data);
  }

  /** One string (row 0): a VARCHAR constant read like a column. */
  public static Vector of(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    return varchar(OffHeap.of(new int[] {0, bytes.length}), OffHeap.of(bytes), null);
  }

  public boolean isValid(int row) {
    return validity == null || validity.get(ValueLayout.JAVA_BYTE, row) != 0;
  }

  public long getLong(int row) {
    return values.getAtIndex(ValueLayout.JAVA_LONG, row);
  }

  public double getDouble(int row) {
    return values.getAtIndex(ValueLayout.JAVA_DOUBLE, row);
  }

  public int start(int row) {
    return offsets.getAtIndex(ValueLayout.JAVA_INT, row);
  }

  public int end(int row) {
    return offsets.getAtIndex(ValueLayout.JAVA_INT, row + 1);
  }

  public String getString(int row) {
    int start = start(row);
    return new String(data.asSlice(start, end(row) - start).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
  }
}
