package org.blazedb.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.List;
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
  void columnsPackAsKeysDo() {
    long[][] mins = {{-3, 1000}, {0, -5}, {Long.MIN_VALUE, 0}};
    long[][] maxs = {{4, 1012}, {1L << 40, 7}, {Long.MIN_VALUE + (1L << 59), 3}};
    for (int t = 0; t < mins.length; t++) {
      KeyPacking packing = KeyPacking.of(mins[t], maxs[t]);
      List<Long> xs = probeValues(mins[t][0], maxs[t][0]);
      List<Long> ys = probeValues(mins[t][1], maxs[t][1]);
      int n = xs.size() * ys.size();
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment x = arena.allocate(8L * n);
        MemorySegment y = arena.allocate(8L * n);
        MemorySegment backwards = arena.allocate(4L * n);
        long[] expected = new long[n];
        for (int i = 0; i < n; i++) {
          x.setAtIndex(ValueLayout.JAVA_LONG, i, xs.get(i / ys.size()));
          y.setAtIndex(ValueLayout.JAVA_LONG, i, ys.get(i % ys.size()));
          backwards.setAtIndex(ValueLayout.JAVA_INT, i, n - 1 - i);
          expected[i] = packing.pack(new long[] {xs.get(i / ys.size()), ys.get(i % ys.size())}, 0);
        }
        long[] packed = new long[n];
        packing.pack(x, y, null, 0, n, packed);
        long[] selected = new long[n];
        packing.pack(x, y, backwards, 0, n, selected);
        for (int i = 0; i < n; i++) {
          String key = "(" + x.getAtIndex(ValueLayout.JAVA_LONG, i) + ", " + y.getAtIndex(ValueLayout.JAVA_LONG, i) + ")";
          assertEquals(expected[i], packed[i], key);
          assertEquals(expected[n - 1 - i], selected[i], key + " selected backwards");
          assertEquals(expected[i], packing.pack(x.getAtIndex(ValueLayout.JAVA_LONG, i), y.getAtIndex(ValueLayout.JAVA_LONG, i)), key);
        }
      }
    }
  }

  /**
   * The rows whose first column is in a set of leads (less its minimum) are found, with and without
   * a selection, and packed alone as all rows are: values outside the first column's range are in
   * no set, whatever their low bits.
   */
  @Test
  void rowsWithLeadsInASetPackAsAllRowsDo() {
    KeyPacking packing = KeyPacking.of(new long[] {-3, 1000}, new long[] {125, 1012});
    KeyBitmap leads = new KeyBitmap(packing.leadRange());
    long[] inSet = {-3, 0, 60, 125};
    for (long lead : inSet) {
      leads.add(lead + 3);
    }
    List<Long> xs = new java.util.ArrayList<>(probeValues(-3, 125));
    xs.addAll(List.of(-3 + 128L, -3 - 128L, 60L + (1L << 32))); // the low bits of a lead, outside the range
    List<Long> ys = probeValues(1000, 1012);
    int n = xs.size() * ys.size();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment x = arena.allocate(8L * n);
      MemorySegment y = arena.allocate(8L * n);
      MemorySegment backwards = arena.allocate(4L * n);
      for (int i = 0; i < n; i++) {
        x.setAtIndex(ValueLayout.JAVA_LONG, i, xs.get(i / ys.size()));
        y.setAtIndex(ValueLayout.JAVA_LONG, i, ys.get(i % ys.size()));
        backwards.setAtIndex(ValueLayout.JAVA_INT, i, n - 1 - i);
      }
      for (MemorySegment selection : new MemorySegment[] {null, backwards}) {
        long[] all = new long[n];
        packing.pack(x, y, selection, 0, n, all);
        int[] ordinals = new int[n];
        int count = packing.leading(x, selection, 0, n, leads, ordinals);
        List<Integer> expected = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
          long value = x.getAtIndex(ValueLayout.JAVA_LONG, selection == null ? i : n - 1 - i);
          if (java.util.Arrays.stream(inSet).anyMatch(v -> v == value)) {
            expected.add(i);
          }
        }
        assertEquals(expected, java.util.Arrays.stream(ordinals, 0, count).boxed().toList(), "selection " + selection);
        long[] some = new long[n];
        packing.packOrdinals(x, y, selection, 0, ordinals, count, some);
        for (int c = 0; c < count; c++) {
          assertEquals(all[ordinals[c]], some[ordinals[c]], "row " + ordinals[c] + " selection " + selection);
          long value = x.getAtIndex(ValueLayout.JAVA_LONG, selection == null ? ordinals[c] : n - 1 - ordinals[c]);
          if (all[ordinals[c]] != KeyPacking.OUTSIDE) {
            assertEquals(value + 3, packing.lead(all[ordinals[c]]), "lead of row " + ordinals[c]);
          }
        }
      }
    }
  }

  /** Values at, inside and just outside {@code [min, max]}, and the longs' extremes. */
  private static List<Long> probeValues(long min, long max) {
    return List.of(min - 1, min, min + 1, min + (max - min) / 2, max - 1, max, max + 1, Long.MIN_VALUE,
        Long.MAX_VALUE, 0L, -1L);
  }

  @Test
  void rangesWiderThan63BitsTogetherDoNotPack() {
    assertNull(KeyPacking.of(new long[] {0, 0}, new long[] {1L << 40, 1L << 30}));
  }
}
