package org.blazedb.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Keys get dense ids in order of insertion, hashed or appended, and are read back by id across many chunks. */
class GroupTableTest {
  @Test
  void idsAreDenseAndKeysReadBackAcrossChunks() {
    for (int width : new int[] {1, 3}) {
      for (int expected : new int[] {0, 100_000}) { // grown from a small first chunk, or sized at once
        GroupTable table = new GroupTable(width, MemoryBudget.unlimited(), "test", expected);
        Random random = new Random(width);
        int n = 70_000; // several chunks of ids
        long[][] added = new long[n][];
        for (int id = 0; id < n; id++) {
          long[] key = new long[width];
          key[0] = id; // distinct
          for (int w = 1; w < width; w++) {
            key[w] = random.nextLong();
          }
          added[id] = key;
          int got = id % 3 == 0 ? table.append(key, 0) : -1 - table.findOrAdd(key, 0);
          assertEquals(id, got, "id of the key added " + id + "th");
        }
        assertEquals(n, table.size());
        for (int id = 0; id < n; id++) {
          for (int w = 0; w < width; w++) {
            assertEquals(added[id][w], table.key(id, w), "word " + w + " of key " + id);
          }
          if (id % 3 != 0) { // hashed: found again, and not added twice
            assertEquals(id, table.findOrAdd(added[id], 0));
            assertEquals(id, table.find(added[id], 0));
          } else { // appended keys are not in the hash table
            assertEquals(-1, table.find(added[id], 0));
          }
        }
        assertEquals(n, table.size());
      }
    }
  }

  @Test
  void keysBeyondTheMemoryLimitFailNamingTheOperator() {
    GroupTable table = new GroupTable(2, new MemoryBudget(1 << 20), "hash aggregate");
    QueryMemoryException e = assertThrows(QueryMemoryException.class, () -> {
      for (long k = 0; ; k++) {
        table.append(new long[] {k, 0}, 0);
      }
    });
    assertTrue(e.getMessage().startsWith("hash aggregate needs more than the query's memory limit"), e.getMessage());
  }
}
