package org.blazedb.engine.exec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.engine.vector.Vector;

/**
 * The reusable buffers of one output column, and the gather that fills them: rows of a vector
 * picked by int32 positions, densely. A position of -1 gives a NULL (the missing side of an outer
 * join).
 */
final class ColumnBuffer {
  /**
   * Bytes up to this many are copied by a loop of words, not MemorySegment.copy, whose checks (of
   * overlap, for one) cost more than the copy of a few strings (profile: it led TPC-H Q1).
   */
  private static final int SHORT_COPY = 512;

  MemorySegment values = MemorySegment.NULL;
  MemorySegment validity = MemorySegment.NULL;
  private MemorySegment offsets = MemorySegment.NULL;
  private MemorySegment data = MemorySegment.NULL;

  /**
   * Rows {@code positions[0 .. n)} of {@code v}, dense.
   *
   * @param outer whether positions may be -1
   */
  Vector gather(Vector v, MemorySegment positions, int n, boolean outer, Buffers buffers) {
    MemorySegment valid = null;
    if (v.validity() != null || outer) {
      valid = validity = buffers.ensure(validity, n);
      for (int i = 0; i < n; i++) {
        int row = positions.getAtIndex(ValueLayout.JAVA_INT, i);
        valid.set(ValueLayout.JAVA_BYTE, i, row < 0 ? 0 : v.validity() == null ? 1
            : v.validity().get(ValueLayout.JAVA_BYTE, row));
      }
    }
    if (v.type().kind() != ValueType.Kind.VARCHAR) {
      MemorySegment out = values = buffers.ensure(values, 8L * n);
      MemorySegment in = v.values();
      if (outer) {
        for (int i = 0; i < n; i++) {
          int row = positions.getAtIndex(ValueLayout.JAVA_INT, i);
          out.setAtIndex(ValueLayout.JAVA_LONG, i, row < 0 ? 0 : in.getAtIndex(ValueLayout.JAVA_LONG, row));
        }
      } else {
        for (int i = 0; i < n; i++) {
          out.setAtIndex(ValueLayout.JAVA_LONG, i, in.getAtIndex(ValueLayout.JAVA_LONG,
              positions.getAtIndex(ValueLayout.JAVA_INT, i)));
        }
      }
      return Vector.fixed(v.type(), out, valid);
    }
    MemorySegment outOffsets = offsets = buffers.ensure(offsets, 4L * (n + 1));
    long bytes = 0;
    for (int i = 0; i < n; i++) {
      int row = positions.getAtIndex(ValueLayout.JAVA_INT, i);
      bytes += row < 0 ? 0 : v.end(row) - v.start(row);
    }
    MemorySegment outData = data = buffers.ensure(data, bytes);
    MemorySegment in = v.data();
    int at = 0;
    for (int i = 0; i < n; ) {
      int row = positions.getAtIndex(ValueLayout.JAVA_INT, i);
      outOffsets.setAtIndex(ValueLayout.JAVA_INT, i++, at);
      if (row < 0) {
        continue;
      }
      // Positions of the next rows (a filter keeping most rows gives runs of them): their strings
      // follow, and are copied with this one. (Counted loops: the JIT hoists their checks.)
      int run = 1;
      while (i - 1 + run < n && positions.getAtIndex(ValueLayout.JAVA_INT, i - 1 + run) == row + run) {
        run++;
      }
      int start = v.start(row);
      for (int k = 1; k < run; k++) {
        outOffsets.setAtIndex(ValueLayout.JAVA_INT, i - 1 + k, at + v.start(row + k) - start);
      }
      i += run - 1;
      int length = v.end(row + run - 1) - start;
      if (length <= SHORT_COPY) {
        int b = 0;
        for (; b + 8 <= length; b += 8) {
          outData.set(ValueLayout.JAVA_LONG_UNALIGNED, at + b, in.get(ValueLayout.JAVA_LONG_UNALIGNED, start + b));
        }
        for (; b < length; b++) {
          outData.set(ValueLayout.JAVA_BYTE, at + b, in.get(ValueLayout.JAVA_BYTE, start + b));
        }
      } else {
        MemorySegment.copy(in, start, outData, at, length);
      }
      at += length;
    }
    outOffsets.setAtIndex(ValueLayout.JAVA_INT, n, at);
    return Vector.varchar(outOffsets, outData, valid);
  }

  /** {@code n} NULLs of {@code type}. */
  Vector nulls(ValueType type, int n, Buffers buffers) {
    validity = buffers.ensure(validity, n);
    validity.asSlice(0, n).fill((byte) 0);
    if (type.kind() == ValueType.Kind.VARCHAR) {
      offsets = buffers.ensure(offsets, 4L * (n + 1));
      offsets.asSlice(0, 4L * (n + 1)).fill((byte) 0);
      return Vector.varchar(offsets, data, validity);
    }
    values = buffers.ensure(values, 8L * n);
    values.asSlice(0, 8L * n).fill((byte) 0);
    return Vector.fixed(type, values, validity);
  }
}
