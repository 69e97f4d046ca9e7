package org.blazedb.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The branch-free tests agree with Java's comparisons, at the edges of the longs and at random. */
class BranchFreeTest {
  private static final long[] EDGES = {0, 1, 2, 63, 64, -1, -2, Long.MIN_VALUE, Long.MIN_VALUE + 1,
      Long.MAX_VALUE, Long.MAX_VALUE - 1, 1L << 32, (1L << 32) - 1};

  @Test
  void zeroTestsAgreeWithEquality() {
    Random random = new Random(3);
    for (int i = 0; i < 100_000; i++) {
      long x = i < EDGES.length ? EDGES[i] : random.nextLong();
      assertEquals(x == 0 ? 1 : 0, BranchFree.isZero(x), "isZero(" + x + ")");
      assertEquals(x != 0 ? 1 : 0, BranchFree.isNonZero(x), "isNonZero(" + x + ")");
    }
  }

  @Test
  void inRangeAgreesWithComparisons() {
    Random random = new Random(5);
    for (long max : new long[] {0, 1, 63, 64, 200_000, (1L << 26) - 1, Long.MAX_VALUE - 1, Long.MAX_VALUE}) {
      for (long x : EDGES) {
        assertInRange(x, max);
      }
      for (int i = 0; i < 20_000; i++) {
        assertInRange(random.nextLong(), max);
        assertInRange(max + random.nextInt(5) - 2, max); // near the ends: where the sign decides
        assertInRange(random.nextInt(5) - 2, max);
      }
    }
  }

  private static void assertInRange(long x, long max) {
    assertEquals(x >= 0 && x <= max ? 1 : 0, BranchFree.inRange(x, max), x + " in 0 to " + max);
  }
}
