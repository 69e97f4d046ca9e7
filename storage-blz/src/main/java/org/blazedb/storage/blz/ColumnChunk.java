package org.blazedb.storage.blz;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.roaringbitmap.RoaringBitmap;

/**
 * One decoded chunk of a column, off-heap. Fixed-width values lie in {@link #values()} at
 * {@code row * width}; VARLEN values are {@code data[offsets[row] .. offsets[row + 1])}. The
 * segments belong to the {@link ChunkReader} that decoded them and stay valid until its next read.
 *
 * @param validity the rows that hold a value, or null when all do
 */
public record ColumnChunk(
    PhysicalColumn column, int rows, RoaringBitmap validity, MemorySegment values,
    MemorySegment offsets, MemorySegment data) {

  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;
  private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;
  private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

  public boolean isValid(int row) {
    return validity == null || validity.contains(row);
  }

  /** The value at {@code row} of an integer-like encoding, sign-extended to 64 bits. */
  public long getLong(int row) {
    return switch (column.encoding()) {
      case BOOL, INT8 -> values.get(ValueLayout.JAVA_BYTE, row);
      case INT16 -> values.get(SHORT, 2L * row);
      case INT32, LENGTHS -> values.get(INT, 4L * row);
      case INT64, DECIMAL64 -> values.get(LONG, 8L * row);
      default -> throw new IllegalStateException(column.encoding() + " is not an integer encoding");
    };
  }

  public double getDouble(int row) {
    return column.encoding() == Encoding.FLOAT32 ? values.get(FLOAT, 4L * row) : values.get(DOUBLE, 8L * row);
  }

  /** The bytes of a VARLEN value. */
  public byte[] getBytes(int row) {
    int start = offsets.get(INT, 4L * row);
    int end = offsets.get(INT, 4L * row + 4);
    return data.asSlice(start, end - start).toArray(ValueLayout.JAVA_BYTE);
  }

  /** The 16 little-endian bytes of a DECIMAL128 value. */
  public byte[] getDecimal128(int row) {
    return values.asSlice(16L * row, 16).toArray(ValueLayout.JAVA_BYTE);
  }
}
