package org.blazedb.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The join's key filter never rules out a key it holds, and passes few of those it does not. */
class KeyFilterTest {
  @Test
  void holdsEveryKeyAddedAndPassesFewOthers() {
    Random random = new Random(5);
    for (int n : new int[] {0, 1, 3, 100, 5_000, 200_000}) {
      KeyFilter filter = new KeyFilter(n);
      Set<Long> added = new HashSet<>();
      for (int i = 0; i < n; i++) {
        long key = i % 2 == 0 ? random.nextLong() : i * 7L; // random and dense keys
        added.add(key);
        filter.add(GroupTable.mix64(key));
      }
      for (long key : added) {
        assertEquals(1, filter.mayContain(GroupTable.mix64(key)), "key " + key + " of " + n);
      }
      int passed = 0;
      int probes = 100_000;
      for (int i = 0; i < probes; i++) {
        long key = random.nextLong();
        passed += !added.contains(key) && filter.mayContain(GroupTable.mix64(key)) == 1 ? 1 : 0;
      }
      assertTrue(passed < probes / 20, passed + " of " + probes + " absent keys passed a filter of " + n);
    }
  }
}
