package org.blazedb.engine.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class HugePagesTest {
  @Test
  void largeSegmentsHoldTheirSizeAlignedAndLiveAsLongAsTheirArena() {
    long size = HugePages.FROM + 12_345;
    MemorySegment segment;
    try (Arena arena = Arena.ofConfined()) {
      segment = HugePages.allocate(arena, size, 64);
      assertEquals(size, segment.byteSize());
      assertEquals(0, segment.address() % 64);
      for (long i = 0; i < size / 8; i++) {
        segment.setAtIndex(ValueLayout.JAVA_LONG, i, i * 31);
      }
      segment.set(ValueLayout.JAVA_BYTE, size - 1, (byte) 7);
      long sum = 0;
      for (long i = 0; i < size / 8; i++) {
        sum += segment.getAtIndex(ValueLayout.JAVA_LONG, i) - i * 31;
      }
      assertEquals(0, sum);
      assertEquals(7, segment.get(ValueLayout.JAVA_BYTE, size - 1));
      assertThrows(IndexOutOfBoundsException.class, () -> segment.get(ValueLayout.JAVA_BYTE, size));
    }
    assertFalse(segment.scope().isAlive());
  }

  @Test
  void smallSegmentsComeZeroedFromTheArena() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment segment = HugePages.allocate(arena, 1000, 8);
      assertEquals(1000, segment.byteSize());
      for (long i = 0; i < 1000; i++) {
        assertEquals(0, segment.get(ValueLayout.JAVA_BYTE, i));
      }
    }
  }
}
