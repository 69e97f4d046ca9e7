package org.blazedb.engine.exec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.blazedb.engine.vector.Vector;

/**
 * Copies strings of a VARCHAR vector, rows picked by int32 positions, to the end of an output's
 * offsets and bytes: a join's gather and the rows an operator keeps ({@link Columns}). A position
 * of -1 gives an empty string (the row is a NULL). Bytes of the output past the strings copied may
 * be overwritten.
 */
final class StringGather {
  /**
   * Bytes up to this many are copied by a loop of words, not MemorySegment.copy, whose checks (of
   * overlap, for one) cost more than the copy of a few strings (profile: it led TPC-H Q1).
   */
  private static final int SHORT_COPY = 512;

  private StringGather() {}

  /** The bytes of the strings at {@code positions[0 .. n)} (rows {@code 0 .. n} when null). */
  static long bytes(Vector v, MemorySegment positions, int n) {
    if (positions == null) {
      return n == 0 ? 0 : v.end(n - 1) - v.start(0);
    }
    MemorySegment offsets = v.offsets(); // in a local, read unaligned: the JIT then hoists its checks
    long bytes = 0;
    for (int i = 0; i < n; i++) {
      int row = positions.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i);
      bytes += row < 0 ? 0 : offsets.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, row + 1)
          - offsets.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, row);
    }
    return bytes;
  }

  /**
   * Copies the strings at {@code positions[0 .. n)} (rows {@code 0 .. n} when null) to
   * {@code outData} from {@code at}, which must have room ({@link #bytes}); string i's start goes
   * to {@code outOffsets[first + i]}, the end of the last to {@code outOffsets[first + n]}.
   *
   * @return the end of the bytes written
   */
  static int copy(Vector v, MemorySegment positions, int n, MemorySegment outOffsets, int first,
      MemorySegment outData, int at) {
    if (positions == null) {
      return copyRun(v, 0, n, outOffsets, first, outData, at);
    }
    for (int i = 0; i < n; ) {
      int row = positions.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i);
      if (row < 0) {
        outOffsets.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, first + i++, at);
        continue;
      }
      // Positions of the next rows (a filter keeping most rows gives runs of them): their strings
      // follow, and are copied with this one. (Counted loops: the JIT hoists their checks.)
      int run = 1;
      while (i + run < n && positions.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i + run) == row + run) {
        run++;
      }
      at = copyRun(v, row, run, outOffsets, first + i, outData, at);
      i += run;
    }
    outOffsets.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, first + n, at);
    return at;
  }

  /** Rows {@code [row, row + run)}, whose bytes lie together, to {@code at}; their starts from {@code outOffsets[first]}. */
  private static int copyRun(Vector v, int row, int run, MemorySegment outOffsets, int first, MemorySegment outData,
      int at) {
    MemorySegment offsets = v.offsets();
    int start = offsets.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, row);
    for (int k = 0; k < run; k++) {
      outOffsets.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, first + k,
          at + offsets.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, row + k) - start);
    }
    int length = v.end(row + run - 1) - start;
    MemorySegment in = v.data();
    if (length <= SHORT_COPY) {
      int b = 0;
      for (; b + 8 <= length; b += 8) {
        outData.set(ValueLayout.JAVA_LONG_UNALIGNED, at + b, in.get(ValueLayout.JAVA_LONG_UNALIGNED, start + b));
      }
      if (b < length && at + b + 8L <= outData.byteSize() && start + b + 8L <= in.byteSize()) {
        // the last bytes as one word too: what it writes past them, the next string overwrites,
        // or it lies past the output's strings (a join gathers mostly one short string at a time)
        outData.set(ValueLayout.JAVA_LONG_UNALIGNED, at + b, in.get(ValueLayout.JAVA_LONG_UNALIGNED, start + b));
        b = length;
      }
      for (; b < length; b++) {
        outData.set(ValueLayout.JAVA_BYTE, at + b, in.get(ValueLayout.JAVA_BYTE, start + b));
      }
    } else {
      MemorySegment.copy(in, start, outData, at, length);
    }
    outOffsets.setAtIndex(ValueLayout.JAVA_INT, first + run, at + length);
    return at + length;
  }
}
