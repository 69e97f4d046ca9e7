package org.blazedb.storage.blz;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.blazedb.engine.datashape.Primitive;
import org.roaringbitmap.RoaringBitmap;

/**
 * Buffers the values of one column and hands each full chunk to a {@link ChunkSink}, with its
 * min/max/null statistics. Values arrive unboxed; a missing value is {@link #appendNull()}.
 */
public final class ColumnWriter {
  private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  /** Longer strings are not kept as min/max: the manifest stays small and a prefix would be no bound. */
  private static final int MAX_STRING_STAT_BYTES = 64;

  private final PhysicalColumn column;
  private final Encoding encoding;
  private final int width;
  private final int chunkRows;
  private final ChunkSink sink;
  private final ChunkEncoder encoder;
  private final boolean keepsStats;

  private int rows;
  private byte[] values = new byte[256];
  private int[] offsets = new int[65];
  private int dataSize;
  private int[] nullRows = new int[16];
  private int nulls;
  private long elements;
  private boolean hasStats;
  /** False once a value that min/max cannot represent was seen in this chunk. */
  private boolean statsBound;
  private long minLong;
  private long maxLong;
  private double minDouble;
  private double maxDouble;
  private byte[] minBytes;
  private byte[] maxBytes;
  private long totalRows;
  private long totalElements;

  ColumnWriter(PhysicalColumn column, int chunkRows, ChunkSink sink, ChunkEncoder encoder) {
    this.column = column;
    this.encoding = column.encoding();
    this.width = encoding.width();
    this.chunkRows = chunkRows;
    this.sink = sink;
    this.encoder = encoder;
    // uint64 keeps its bits in a signed long, so signed min/max would not bound it.
    this.keepsStats = !(column.node() instanceof ColumnNode.Leaf leaf && leaf.shape() == Primitive.UINT64)
        && encoding != Encoding.PRESENCE;
    resetChunk();
  }

  public PhysicalColumn column() {
    return column;
  }

  /** Rows appended since the last commit. */
  public long rows() {
    return totalRows;
  }

  /** For a LENGTHS column: elements appended since the last commit (the child columns' rows). */
  long elements() {
    return totalElements;
  }

  /** Forgets what was appended: after a commit (already written) or an abort (to be dropped). */
  void reset() {
    resetChunk();
    totalRows = 0;
    totalElements = 0;
  }

  /** Appends a value of an integer-like encoding (BOOL as 0/1, DECIMAL64 unscaled, LENGTHS). */
  public void appendLong(long v) {
    int at = rows * width;
    ensureValues(at + width);
    switch (encoding) {
      case BOOL, INT8 -> values[at] = (byte) v;
      case INT16 -> SHORTS.set(values, at, (short) v);
      case INT32, LENGTHS -> INTS.set(values, at, (int) v);
      case INT64, DECIMAL64 -> LONGS.set(values, at, v);
      default -> throw new IllegalStateException(column.path() + " (" + encoding + ") takes no integers");
    }
    if (encoding == Encoding.LENGTHS) {
      elements += v;
      totalElements += v;
    }
    if (keepsStats) {
      if (!hasStats) {
        minLong = maxLong = v;
        hasStats = true;
      } else if (v < minLong) {
        minLong = v;
      } else if (v > maxLong) {
        maxLong = v;
      }
    }
    endRow();
  }

  public void appendDouble(double v) {
    int at = rows * width;
    ensureValues(at + width);
    if (encoding == Encoding.FLOAT32) {
      INTS.set(values, at, Float.floatToRawIntBits((float) v));
    } else if (encoding == Encoding.FLOAT64) {
      LONGS.set(values, at, Double.doubleToRawLongBits(v));
    } else {
      throw new IllegalStateException(column.path() + " (" + encoding + ") takes no floating point numbers");
    }
    if (!Double.isNaN(v) && !Double.isInfinite(v)) {
      if (!hasStats) {
        minDouble = maxDouble = v;
        hasStats = true;
      } else if (v < minDouble) {
        minDouble = v;
      } else if (v > maxDouble) {
        maxDouble = v;
      }
    }
    endRow();
  }

  /** Appends the 16 little-endian bytes of a DECIMAL128 value. */
  public void appendDecimal128(byte[] littleEndian16) {
    int at = rows * 16;
    ensureValues(at + 16);
    System.arraycopy(littleEndian16, 0, values, at, 16);
    endRow();
  }

  public void appendBytes(byte[] bytes) {
    appendBytes(bytes, 0, bytes.length);
  }

  public void appendBytes(byte[] bytes, int offset, int length) {
    if (encoding != Encoding.VARLEN) {
      throw new IllegalStateException(column.path() + " (" + encoding + ") takes no strings");
    }
    ensureValues(dataSize + length);
    System.arraycopy(bytes, offset, values, dataSize, length);
    if (length > MAX_STRING_STAT_BYTES) {
      statsBound = false;
    } else if (keepsStats) {
      trackBytes(values, dataSize, length);
    }
    dataSize += length;
    endRow();
  }

  public void appendString(String s) {
    appendBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Marks the presence of an optional record (PRESENCE columns take only this and nulls). */
  public void appendPresent() {
    if (encoding != Encoding.PRESENCE) {
      throw new IllegalStateException(column.path() + " is not a presence column");
    }
    endRow();
  }

  /** Appends a missing value (a zero placeholder is stored, the validity bit stays clear). */
  public void appendNull() {
    if (!column.nullable()) {
      throw new IllegalStateException("column " + column.path() + " cannot hold missing values");
    }
    if (nulls == nullRows.length) {
      nullRows = Arrays.copyOf(nullRows, nulls * 2);
    }
    nullRows[nulls++] = rows;
    appendPlaceholder();
  }

  /**
   * Appends a stored-but-unread value: under a missing optional record its non-optional fields
   * still need a row each, so the columns of a record stay aligned.
   */
  public void appendPlaceholder() {
    if (width > 0) {
      ensureValues((rows + 1) * width);
      Arrays.fill(values, rows * width, (rows + 1) * width, (byte) 0);
    }
    endRow();
  }

  private void endRow() {
    rows++;
    totalRows++;
    if (encoding == Encoding.VARLEN) {
      if (rows + 1 > offsets.length) {
        offsets = Arrays.copyOf(offsets, offsets.length * 2);
      }
      offsets[rows] = dataSize;
    }
    if (rows == chunkRows) {
      flush();
    }
  }

  /** Writes the buffered rows, if any, as a chunk. */
  void flush() {
    if (rows == 0) {
      return;
    }
    RoaringBitmap validity = null;
    if (nulls > 0) {
      validity = new RoaringBitmap();
      validity.add(0L, rows);
      for (int i = 0; i < nulls; i++) {
        validity.remove(nullRows[i]);
      }
    }
    encoder.begin(encoding, rows, validity);
    long raw;
    switch (encoding) {
      case VARLEN -> {
        byte[] offsetBytes = new byte[4 * (rows + 1)];
        for (int i = 0; i <= rows; i++) {
          INTS.set(offsetBytes, 4 * i, offsets[i]);
        }
        encoder.section(offsetBytes, offsetBytes.length, 4);
        encoder.section(values, dataSize, 1);
        raw = offsetBytes.length + (long) dataSize;
      }
      case PRESENCE -> raw = 0;
      default -> {
        encoder.section(values, rows * width, width);
        raw = (long) rows * width;
      }
    }
    sink.writeChunk(column, encoder, new ChunkMeta(null, rows, 0, raw, 0, nulls, min(), max(), elements));
    resetChunk();
  }

  private Object min() {
    if (!hasStats || !statsBound) {
      return null;
    }
    if (encoding.isFloatingPoint()) {
      return minDouble;
    }
    return encoding == Encoding.VARLEN ? utf8OrNull(minBytes) : (Object) minLong;
  }

  private Object max() {
    if (!hasStats || !statsBound) {
      return null;
    }
    if (encoding.isFloatingPoint()) {
      return maxDouble;
    }
    return encoding == Encoding.VARLEN ? utf8OrNull(maxBytes) : (Object) maxLong;
  }

  // Only text is kept: bytes that are not UTF-8 (a bytes column) have no useful string bound.
  private static String utf8OrNull(byte[] bytes) {
    var decoder = StandardCharsets.UTF_8.newDecoder();
    try {
      return decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return null;
    }
  }

  private void trackBytes(byte[] buf, int offset, int length) {
    if (!hasStats) {
      minBytes = maxBytes = Arrays.copyOfRange(buf, offset, offset + length);
      hasStats = true;
    } else if (Arrays.compareUnsigned(buf, offset, offset + length, minBytes, 0, minBytes.length) < 0) {
      minBytes = Arrays.copyOfRange(buf, offset, offset + length);
    } else if (Arrays.compareUnsigned(buf, offset, offset + length, maxBytes, 0, maxBytes.length) > 0) {
      maxBytes = Arrays.copyOfRange(buf, offset, offset + length);
    }
  }

  private void resetChunk() {
    rows = 0;
    dataSize = 0;
    nulls = 0;
    elements = 0;
    hasStats = false;
    statsBound = true;
    offsets[0] = 0;
  }

  private void ensureValues(int capacity) {
    if (values.length < capacity) {
      values = Arrays.copyOf(values, Math.max(capacity, values.length * 2));
    }
  }
}
