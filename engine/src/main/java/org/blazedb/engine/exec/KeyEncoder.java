package org.blazedb.engine.exec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.Utf8;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.engine.vector.Vector;

/**
 * Row keys of several columns as longs, so they hash and compare as numbers: one word per column
 * (VARCHAR packed or through a {@link StringDictionary}, DOUBLE by its bits) plus one word of
 * null flags, bit {@code k} for column {@code k}.
 */
final class KeyEncoder {
  /** The key of a string a read-only encoder's dictionary does not hold: equal to no interned key. */
  static final long ABSENT = -1L;

  /** Little-endian, so a string's first byte is a key's lowest, as the byte-wise packing puts it. */
  private static final ValueLayout.OfLong UNALIGNED_LONG = Utf8.LITTLE_ENDIAN_WORD;

  private final int[] columns;
  private final List<ValueType> types;
  private final StringDictionary strings;
  private final boolean intern;

  /**
   * @param columns the key columns of the batches to encode
   * @param intern whether new strings are added to {@code strings}; if not, they get {@link #ABSENT}
   */
  KeyEncoder(int[] columns, List<ValueType> types, StringDictionary strings, boolean intern) {
    this.columns = columns.clone();
    this.types = List.copyOf(types);
    this.strings = strings;
    this.intern = intern;
  }

  /** Longs per key: one per column and the null flags. */
  int width() {
    return columns.length + 1;
  }

  int keys() {
    return columns.length;
  }

  ValueType type(int k) {
    return types.get(k);
  }

  StringDictionary strings() {
    return strings;
  }

  /** The keys of the selected rows of {@code batch}, {@link #width()} longs each, in {@code out} or a larger array. */
  long[] encode(Batch batch, long[] out) {
    return encode(batch, 0, batch.selected(), out);
  }

  /** The keys of the selected rows {@code from} to {@code from + n} of {@code batch}, as {@link #encode(Batch, long[])}. */
  long[] encode(Batch batch, int from, int n, long[] out) {
    int width = width();
    long[] keys = out.length >= n * width ? out : new long[n * width];
    for (int i = 0; i < n; i++) {
      keys[i * width + width - 1] = 0;
    }
    MemorySegment selection = batch.selection();
    for (int k = 0; k < columns.length; k++) {
      Vector v = batch.columns()[columns[k]];
      // one loop per kind: the kind is tested once per column, not once per row
      if (v.type().kind() == ValueType.Kind.VARCHAR && v.validity() == null) {
        strings(v, selection, from, n, keys, width, k);
      } else if (v.type().kind() == ValueType.Kind.VARCHAR) {
        for (int i = 0; i < n; i++) {
          int row = batch.position(from + i);
          keys[i * width + k] = v.isValid(row) ? stringKey(v, row) : 0;
        }
      } else {
        words(v, selection, from, n, keys, width, k);
      }
      if (v.validity() != null) {
        long nullFlag = 1L << k;
        for (int i = 0; i < n; i++) {
          if (!v.isValid(batch.position(from + i))) {
            keys[i * width + k] = 0;
            keys[i * width + width - 1] |= nullFlag;
          }
        }
      }
    }
    return keys;
  }

  /**
   * The values of a column of 8-byte words (DOUBLE by its key) into key word {@code k}, the
   * segments in locals and the selection tested once, so that the JIT hoists their checks.
   */
  private static void words(Vector v, MemorySegment selection, int from, int n, long[] keys, int width, int k) {
    MemorySegment values = v.values();
    if (v.type().kind() == ValueType.Kind.DOUBLE) {
      for (int i = 0; i < n; i++) {
        int row = selection == null ? from + i : selection.getAtIndex(ValueLayout.JAVA_INT, from + i);
        keys[i * width + k] = doubleKey(values.getAtIndex(ValueLayout.JAVA_DOUBLE, row));
      }
    } else if (selection == null) {
      for (int i = 0; i < n; i++) {
        keys[i * width + k] = values.getAtIndex(ValueLayout.JAVA_LONG, from + i);
      }
    } else {
      for (int i = 0; i < n; i++) {
        keys[i * width + k] = values.getAtIndex(ValueLayout.JAVA_LONG, selection.getAtIndex(ValueLayout.JAVA_INT, from + i));
      }
    }
  }

  /**
   * The keys of a VARCHAR column without NULLs into key word {@code k}: as {@link #stringKey}, the
   * segments in locals and short strings packed in the loop (profile of TPC-H Q1, grouped by two
   * one-letter flags: a call per string, reading the offsets through the vector, was a fifth of
   * the query).
   */
  private void strings(Vector v, MemorySegment selection, int from, int n, long[] keys, int width, int k) {
    MemorySegment offsets = v.offsets();
    MemorySegment data = v.data();
    long readable = data.byteSize() - Long.BYTES; // a string starting past it is not read as a word
    for (int i = 0; i < n; i++) {
      int row = selection == null ? from + i : selection.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, from + i);
      int start = offsets.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, row);
      int length = offsets.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, row + 1) - start;
      keys[i * width + k] = length <= 7 && start <= readable ? packedWord(data, start, length)
          : stringKey(data, start, length);
    }
  }

  /** The key of a non-null value (a DISTINCT aggregate's argument) of {@code v}. */
  long valueKey(Vector v, int row) {
    return switch (v.type().kind()) {
      case VARCHAR -> stringKey(v, row);
      case DOUBLE -> doubleKey(v.getDouble(row));
      default -> v.getLong(row);
    };
  }

  /**
   * A string as a long key: up to 7 bytes are packed into it with their length (no dictionary
   * look-up for flags, codes and short names); longer ones are a dictionary id with the top bit set.
   */
  private long stringKey(Vector v, int i) {
    return stringKey(v.data(), v.start(i), v.end(i) - v.start(i));
  }

  /** {@link #stringKey(Vector, int)} of the {@code length} bytes at {@code start} of {@code data}. */
  private long stringKey(MemorySegment data, int start, int length) {
    if (length > 7) {
      int id = intern ? strings.intern(data, start, length) : strings.find(data, start, length);
      return id < 0 ? ABSENT : Long.MIN_VALUE | id;
    }
    if (start + 8L <= data.byteSize()) {
      return packedWord(data, start, length);
    }
    long word = 0;
    for (int b = 0; b < length; b++) {
      word |= (data.get(ValueLayout.JAVA_BYTE, start + b) & 0xFFL) << (8 * b);
    }
    return (long) length << 56 | word;
  }

  /**
   * The key of a string of at most 7 bytes with 8 readable from {@code start}: one read, the bytes
   * past the string masked off.
   */
  private static long packedWord(MemorySegment data, int start, int length) {
    return (long) length << 56 | data.get(UNALIGNED_LONG, start) & ((1L << (8 * length)) - 1);
  }

  /** Equal doubles get equal keys: -0.0 is 0.0, and all NaNs are one. */
  private static long doubleKey(double d) {
    return Double.doubleToLongBits(d == 0 ? 0.0 : d);
  }

  /** The string key {@code key} of {@code other} (whose dictionary ids differ) as a key of this encoder. */
  long translate(long key, KeyEncoder other) {
    return key < 0 ? Long.MIN_VALUE | strings.intern(other.strings, (int) key) : key;
  }

  /** The string of a string key. */
  String string(long key) {
    if (key < 0) {
      return strings.string((int) key);
    }
    byte[] bytes = new byte[(int) (key >>> 56)];
    for (int b = 0; b < bytes.length; b++) {
      bytes[b] = (byte) (key >>> (8 * b));
    }
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }
}
