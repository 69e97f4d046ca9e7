package org.blazedb.engine.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LargeSegmentsTest {
  /** A pooled block under 2 MiB, one on huge pages, and one just over a power of two. */
  @ParameterizedTest
  @ValueSource(longs = {LargeSegments.POOLED_FROM, 100_000, (2L << 20) + 12_345})
  void largeSegmentsHoldTheirSizeAlignedAndLiveAsLongAsTheirArena(long size) {
    MemorySegment segment;
    try (Arena arena = Arena.ofConfined()) {
      segment = LargeSegments.allocate(arena, size, 64);
      assertEquals(size, segment.byteSize());
      assertEquals(0, segment.address() % 64);
      for (long i = 0; i < size / 8; i++) {
        segment.setAtIndex(ValueLayout.JAVA_LONG, i, i * 31);
      }
      long sum = 0;
      for (long i = 0; i < size / 8; i++) {
        sum += segment.getAtIndex(ValueLayout.JAVA_LONG, i) - i * 31;
      }
      assertEquals(0, sum);
      segment.set(ValueLayout.JAVA_BYTE, size - 1, (byte) 7);
      assertEquals(7, segment.get(ValueLayout.JAVA_BYTE, size - 1));
      assertThrows(IndexOutOfBoundsException.class, () -> segment.get(ValueLayout.JAVA_BYTE, size));
    }
    assertFalse(segment.scope().isAlive());
    assertThrows(IllegalStateException.class, () -> segment.get(ValueLayout.JAVA_BYTE, 0));
  }

  @Test
  void smallSegmentsComeZeroedFromTheArena() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment segment = LargeSegments.allocate(arena, 1000, 8);
      assertEquals(1000, segment.byteSize());
      for (long i = 0; i < 1000; i++) {
        assertEquals(0, segment.get(ValueLayout.JAVA_BYTE, i));
      }
    }
  }

  /**
   * A closed arena's blocks go back to the pool, and a segment of the same size class takes the
   * last one given back; the pool keeps at most its limit, freeing the rest.
   */
  @Test
  void blocksGivenBackAreTakenAgainUpToThePoolsLimit() {
    long address;
    try (Arena first = Arena.ofConfined()) {
      address = LargeSegments.allocate(first, 300_000, 64).address();
    }
    try (Arena second = Arena.ofConfined()) {
      assertEquals(address, LargeSegments.allocate(second, 270_000, 8).address()); // both 512 KiB blocks
    }
    try (Arena many = Arena.ofConfined()) {
      List<MemorySegment> segments = new ArrayList<>();
      for (long held = 0; held <= 2 * LargeSegments.POOL_BYTES; held += 4L << 20) {
        segments.add(LargeSegments.allocate(many, 4L << 20, 64));
      }
      assertTrue(segments.size() > 2 * LargeSegments.POOL_BYTES / (4L << 20));
    }
    long pooled = LargeSegments.pooledBytes();
    assertTrue(pooled <= LargeSegments.POOL_BYTES && pooled > LargeSegments.POOL_BYTES - (4L << 20), "pooled " + pooled);
  }
}
