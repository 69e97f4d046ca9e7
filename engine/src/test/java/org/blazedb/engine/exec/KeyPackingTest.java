package org.blazedb.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyPackingTest {
  /**
   * Keys of two and of three columns, every combination in range and each column just outside
   * its range on either side: keys in range pack to distinct values no larger than the largest,
   * and any column outside makes the key {@link KeyPacking#OUTSIDE}.
   */
  @Test
  void keysInRangePackApartAndKeysOutsideAreOutside() {
    long[][] mins = {{-3, 1000}, {-3, 1000, Long.MIN_VALUE + 5}};
    long[][] maxs = {{4, 1012}, {4, 1012, Long.MIN_VALUE + 7}};
    for (int t = 0; t < mins.length; t++) {
      long[] min = mins[t];
      long[] max = maxs[t];
      KeyPacking packing = KeyPacking.of(min, max);
      Map<Long, String> seen = new HashMap<>();
      int columns = min.length;
      long[] key = new long[columns + 1]; // at offset 1, so that the offset counts
      int[] at = new int[columns];
      while (true) {
        boolean inside = true;
        for (int k = 0; k < columns; k++) {
          long[] values = {min[k] - 1, min[k], min[k] + (max[k] - min[k]) / 2, max[k], max[k] + 1};
          key[1 + k] = values[at[k]];
          inside &= at[k] > 0 && at[k] < 4;
        }
        long packed = packing.pack(key, 1);
        String description = java.util.Arrays.toString(key);
        if (inside) {
          assertNotEquals(KeyPacking.OUTSIDE, packed, description);
          assertEquals(true, packed >= 0 && packed <= packing.maxPacked(), description);
          assertNull(seen.put(packed, description), description + " packs as " + seen.get(packed));
        } else {
          assertEquals(KeyPacking.OUTSIDE, packed, description);
        }
        int k = 0;
        while (k < columns && ++at[k] == 5) {
          at[k++] = 0;
        }
        if (k == columns) {
          break;
        }
      }
    }
  }

  @Test
  void rangesWiderThan63BitsTogetherDoNotPack() {
    assertNull(KeyPacking.of(new long[] {0, 0}, new long[] {1L << 40, 1L << 30}));
  }
}
