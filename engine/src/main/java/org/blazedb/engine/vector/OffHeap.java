package org.blazedb.engine.vector;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Arrays copied off the heap, into memory freed when the segment is no longer reachable. The
 * engine reads segments through VarHandles whose type profile the JIT keeps per VarHandle, not per
 * caller: once a heap segment ({@code MemorySegment.ofArray}) is read through one, every loop that
 * reads segments that way is compiled for several segment classes and keeps its checks in the
 * loop. A gather loop measured 1.1 ns per element before a heap segment passed through it, 10 to
 * 29 ns after; JFR then shows the checks (checkValidStateRaw, isAlignedForElement) as hot methods.
 * So no segment the engine reads lies on the heap.
 */
public final class OffHeap {
  private OffHeap() {}

  public static MemorySegment of(long[] values) {
    MemorySegment segment = Arena.ofAuto().allocate(8L * Math.max(1, values.length), 8);
    MemorySegment.copy(values, 0, segment, ValueLayout.JAVA_LONG, 0, values.length);
    return segment;
  }

  public static MemorySegment of(int[] values) {
    MemorySegment segment = Arena.ofAuto().allocate(4L * Math.max(1, values.length), 4);
    MemorySegment.copy(values, 0, segment, ValueLayout.JAVA_INT, 0, values.length);
    return segment;
  }

  public static MemorySegment of(byte[] values) {
    MemorySegment segment = Arena.ofAuto().allocate(Math.max(1, values.length));
    MemorySegment.copy(values, 0, segment, ValueLayout.JAVA_BYTE, 0, values.length);
    return segment;
  }
}
