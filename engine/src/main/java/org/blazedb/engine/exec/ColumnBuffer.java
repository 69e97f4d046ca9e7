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
    if (outer) {
      valid = validity = buffers.ensure(validity, n);
      for (int i = 0; i < n; i++) {
        int row = positions.getAtIndex(ValueLayout.JAVA_INT, i);
        valid.set(ValueLayout.JAVA_BYTE, i, row < 0 ? 0 : v.validity() == null ? 1
            : v.validity().get(ValueLayout.JAVA_BYTE, row));
      }
    } else if (v.validity() != null) {
      valid = validity = buffers.ensure(validity, n);
      gatherBytes(v.validity(), positions, n, valid, 0);
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
        gatherLongs(in, positions, n, out, 0);
      }
      return Vector.fixed(v.type(), out, valid);
    }
    MemorySegment outOffsets = offsets = buffers.ensure(offsets, 4L * (n + 1));
    // a word of room past the strings: the last one is copied by words too
    MemorySegment outData = data = buffers.ensure(data, StringGather.bytes(v, positions, n) + Long.BYTES);
    StringGather.copy(v, positions, n, outOffsets, 0, outData, 0);
    return Vector.varchar(outOffsets, outData, valid);
  }

  /**
   * The 8-byte values of {@code in} at {@code positions[0 .. n)} (none -1) to {@code out}, from
   * value {@code at} on. Unaligned layouts: the same loads on x86 and AArch64, without an
   * alignment check per element, which the JIT keeps in a gather's loop (profile of TPC-H Q9's
   * join outputs).
   */
  static void gatherLongs(MemorySegment in, MemorySegment positions, int n, MemorySegment out, long at) {
    for (int i = 0; i < n; i++) {
      out.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, at + i,
          in.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, positions.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i)));
    }
  }

  /** The bytes of {@code in} at {@code positions[0 .. n)} (none -1) to {@code out}, from byte {@code at} on. */
  static void gatherBytes(MemorySegment in, MemorySegment positions, int n, MemorySegment out, long at) {
    for (int i = 0; i < n; i++) {
      out.set(ValueLayout.JAVA_BYTE, at + i, in.get(ValueLayout.JAVA_BYTE, positions.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i)));
    }
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
