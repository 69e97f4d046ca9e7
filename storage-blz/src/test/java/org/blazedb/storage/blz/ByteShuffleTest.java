package org.blazedb.storage.blz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Shuffle then unshuffle gives the input back, for every width and for counts that leave a tail. */
class ByteShuffleTest {
  @Test
  void unshuffleInvertsShuffle() {
    Random random = new Random(7);
    try (Arena arena = Arena.ofConfined()) {
      for (int width : new int[] {2, 3, 4, 8, 16}) {
        for (int count : new int[] {1, 7, 8, 9, 63, 64, 1000, 4099}) {
          byte[] values = new byte[width * count];
          random.nextBytes(values);
          byte[] planes = new byte[values.length];
          ByteShuffle.shuffle(values, 0, planes, count, width);
          MemorySegment src = arena.allocate(planes.length);
          MemorySegment.copy(planes, 0, src, ValueLayout.JAVA_BYTE, 0, planes.length);
          MemorySegment dst = arena.allocate(values.length);
          ByteShuffle.unshuffle(src, dst, count, width);
          assertArrayEquals(values, dst.toArray(ValueLayout.JAVA_BYTE), "width " + width + ", count " + count);
        }
      }
    }
  }
}
