package org.blazedb.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When a one-column window widens: for dense keys, while the memory is there, never for sparse ones. */
class DirectGroupsTest {
  private static final MemoryBudget UNLIMITED = MemoryBudget.unlimited();

  @Test
  void widensForDenseKeysAndRecordsThoseAlreadyHashed() {
    GroupTable table = new GroupTable(2, UNLIMITED, "test");
    DirectGroups direct = DirectGroups.of(1, UNLIMITED);
    assertTrue(direct.covers(key(0), 0, table)); // the first key centres the window
    assertFalse(direct.covers(key(100_000), 0, table), "one group cannot have 100,000 entries");
    for (long k = 0; k < 12_000; k += 4) { // 3,000 groups: a window of up to 36,000 entries
      group(direct, table, k);
    }
    assertTrue(direct.covers(key(20_000), 0, table));
    assertEquals(-1, direct.find(key(20_000), 0));
    for (long k = 0; k < 12_000; k += 4) { // whether added to the window or hashed, it finds them now
      assertEquals(k, table.key(direct.find(key(k), 0), 0));
    }
    assertFalse(direct.covers(key(Long.MIN_VALUE + 5), 0, table));
    assertFalse(direct.covers(new long[] {7, 1}, 0, table), "a NULL key is never in the window");
  }

  /** One worker of two given morsels in turn sees one key in eight of its range: still dense enough. */
  @Test
  void widensForTheKeysOfEveryOtherMorsel() {
    GroupTable table = new GroupTable(2, UNLIMITED, "test");
    DirectGroups direct = DirectGroups.of(1, UNLIMITED);
    for (long morsel = 0; morsel < 40; morsel += 2) {
      for (long k = morsel * 4000; k < (morsel + 1) * 4000; k += 4) {
        assertTrue(direct.covers(key(k), 0, table), "key " + k);
        group(direct, table, k);
      }
    }
  }

  @Test
  void staysNarrowWithoutTheMemory() {
    MemoryBudget small = new MemoryBudget(16 << 10);
    GroupTable table = new GroupTable(2, UNLIMITED, "test");
    DirectGroups direct = DirectGroups.of(1, small);
    for (long k = 0; k < 2048; k++) {
      assertTrue(direct.covers(key(k), 0, table));
      group(direct, table, k);
    }
    assertFalse(direct.covers(key(2048), 0, table), "16 KB cannot hold 8,192 ids");
  }

  /** As {@link HashAggregator} groups a key: in the window if it covers the key, else hashed. */
  private static void group(DirectGroups direct, GroupTable table, long k) {
    if (!direct.covers(key(k), 0, table)) {
      table.findOrAdd(key(k), 0);
    } else if (direct.find(key(k), 0) < 0) {
      direct.record(key(k), 0, table.append(key(k), 0));
    }
  }

  private static long[] key(long value) {
    return new long[] {value, 0};
  }
}
