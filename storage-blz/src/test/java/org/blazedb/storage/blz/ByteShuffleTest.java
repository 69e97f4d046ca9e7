package org.blazedb.storage.blz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Shuffle then unshuffle gives the input back, for every width, for counts that leave a tail, and
 * when only the planes below the all-zero high ones are kept.
 */
class ByteShuffleTest {
  private static final int[] COUNTS = {1, 7, 8, 9, 63, 64, 1000, 4099};

  @Test
  void unshuffleInvertsShuffle() {
    Random random = new Random(7);
    try (Arena arena = Arena.ofConfined()) {
      for (int width : new int[] {2, 3, 4, 8, 16}) {
        for (int count : COUNTS) {
          byte[] values = new byte[width * count];
          random.nextBytes(values);
          byte[] planes = new byte[values.length];
          ByteShuffle.shuffle(values, 0, planes, count, width);
          MemorySegment src = arena.allocate(planes.length);
          MemorySegment.copy(planes, 0, src, ValueLayout.JAVA_BYTE, 0, planes.length);
          MemorySegment dst = arena.allocate(values.length);
          ByteShuffle.unshuffle(src, dst, count, width, width);
          assertArrayEquals(values, dst.toArray(ValueLayout.JAVA_BYTE), "width " + width + ", count " + count);
        }
      }
    }
  }

  @Test
  void zeroHighPlanesAreLeftOutAndRestored() {
    Random random = new Random(11);
    try (Arena arena = Arena.ofConfined()) {
      for (int width : new int[] {2, 4, 8, 16}) {
        for (int kept = 1; kept <= width; kept++) {
          for (int count : COUNTS) {
            byte[] values = new byte[width * count];
            for (int i = 0; i < count; i++) {
              for (int b = 0; b < kept; b++) {
                values[i * width + b] = (byte) random.nextInt();
              }
            }
            values[kept - 1] = 1; // plane kept - 1 is not all zero
            byte[] planes = new byte[values.length];
            ByteShuffle.shuffle(values, 0, planes, count, width);
            String where = "width " + width + ", kept " + kept + ", count " + count;
            assertEquals(width - kept, ByteShuffle.zeroHighPlanes(planes, count, width), where);
            // Only the kept planes are copied: whatever lies after them must not reach the values.
            MemorySegment src = arena.allocate(planes.length).fill((byte) 0x5A);
            MemorySegment.copy(planes, 0, src, ValueLayout.JAVA_BYTE, 0, kept * count);
            MemorySegment dst = arena.allocate(values.length);
            ByteShuffle.unshuffle(src, dst, count, width, kept);
            assertArrayEquals(values, dst.toArray(ValueLayout.JAVA_BYTE), where);
          }
        }
      }
    }
  }
}
