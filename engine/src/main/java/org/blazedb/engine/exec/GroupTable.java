package org.blazedb.engine.exec;

import java.util.Arrays;

/**
 * Keys of {@code width} longs each mapped to dense ids 0, 1, ... in order of first insertion.
 * Open addressing with linear probing over slots that hold a copy of their key and the id, so a
 * look-up reads one cache line instead of chasing an id into separate key and hash arrays (which
 * cost three cache misses per row once the groups outgrow the cache). The keys are also kept by id,
 * in insertion order, for reading the groups back: in chunks of {@link #CHUNK} ids, so that adding
 * keys never copies those kept (profile of TPC-H Q18 at SF1, 1.5M order keys: doubling one array of
 * them was a sixth of the query).
 */
final class GroupTable {
  private static final int CHUNK_BITS = 13;
  /** Ids a chunk of keys holds: 512 KB for a key of 8 words, under G1's humongous objects of 1 MB. */
  private static final int CHUNK = 1 << CHUNK_BITS;

  private final int width;
  private final int stride; // the key's words, then id + 1 (0 when the slot is empty)
  private final MemoryBudget budget;
  private final String operator;
  private long[][] keys = new long[8][]; // the first chunk grows to CHUNK ids, as a small table needs
  private long[] slots;
  private int mask;
  private int count;
  private int hashed; // the keys in slots: all but those {@link #append}ed

  GroupTable(int width, MemoryBudget budget, String operator) {
    this(width, budget, operator, 64);
  }

  /** A table sized for {@code expected} keys, so that adding them never grows it. */
  GroupTable(int width, MemoryBudget budget, String operator, int expected) {
    this.width = width;
    this.stride = width + 1;
    this.budget = budget;
    this.operator = operator;
    int capacity = Integer.highestOneBit(Math.max(64, expected - 1)) * 2;
    int firstChunk = Math.min(CHUNK, capacity);
    budget.reserve(8L * width * firstChunk + 8L * stride * capacity * 2, operator);
    keys[0] = new long[width * firstChunk];
    slots = new long[stride * capacity * 2];
    mask = capacity * 2 - 1;
  }

  int size() {
    return count;
  }

  /** The id of the key at {@code key[offset .. offset + width)}, added if new; -1 - id when it was added. */
  int findOrAdd(long[] key, int offset) {
    for (int slot = hash(key, offset) & mask; ; slot = (slot + 1) & mask) {
      int at = slot * stride;
      long id = slots[at + width] - 1;
      if (id < 0) {
        add(key, offset, at);
        return -count; // -1 - id
      }
      if (equal(at, key, offset)) {
        return (int) id;
      }
    }
  }

  /** The id of the key at {@code key[offset .. offset + width)}, or -1; safe from several threads once adding is over. */
  int find(long[] key, int offset) {
    for (int slot = hash(key, offset) & mask; ; slot = (slot + 1) & mask) {
      int at = slot * stride;
      long id = slots[at + width] - 1;
      if (id < 0 || equal(at, key, offset)) {
        return (int) id;
      }
    }
  }

  // A plain loop: keys are a few words, too short for Arrays.equals' range checks and mismatch call.
  private boolean equal(int at, long[] key, int offset) {
    for (int w = 0; w < width; w++) {
      if (slots[at + w] != key[offset + w]) {
        return false;
      }
    }
    return true;
  }

  long key(int id, int word) {
    return keys[id >>> CHUNK_BITS][(id & (CHUNK - 1)) * width + word];
  }

  /**
   * Adds the key at {@code key[offset .. offset + width)}, which the caller knows is new, under the
   * next id without hashing it: {@link #findOrAdd} and {@link #find} will not see it (the caller
   * finds it elsewhere, as {@link DirectGroups} does).
   */
  int append(long[] key, int offset) {
    int chunk = count >>> CHUNK_BITS;
    int at = (count & (CHUNK - 1)) * width;
    if (chunk == keys.length) {
      keys = Arrays.copyOf(keys, chunk * 2);
    }
    if (keys[chunk] == null) {
      budget.reserve(8L * width * CHUNK, operator);
      keys[chunk] = new long[width * CHUNK];
    } else if (at == keys[chunk].length) { // the first chunk, not yet whole
      budget.reserve(8L * at, operator);
      keys[chunk] = Arrays.copyOf(keys[chunk], 2 * at);
    }
    System.arraycopy(key, offset, keys[chunk], at, width);
    return count++;
  }

  private void add(long[] key, int offset, int at) {
    int id = append(key, offset);
    System.arraycopy(key, offset, slots, at, width);
    slots[at + width] = id + 1;
    if (++hashed * 2 > mask) {
      grow();
    }
  }

  /** Doubles the slots, reading the old ones in order (not the keys by id: some are not hashed). */
  private void grow() {
    budget.reserve(8L * slots.length, operator);
    long[] old = slots;
    slots = new long[old.length * 2];
    mask = mask * 2 + 1;
    for (int at = 0; at < old.length; at += stride) {
      if (old[at + width] != 0) {
        int slot = hash(old, at) & mask;
        while (slots[slot * stride + width] != 0) {
          slot = (slot + 1) & mask;
        }
        System.arraycopy(old, at, slots, slot * stride, stride);
      }
    }
  }

  private int hash(long[] key, int offset) {
    long h = 0;
    for (int i = 0; i < width; i++) {
      h = (h + key[offset + i]) * 0x9E3779B97F4A7C15L;
    }
    return mix(h);
  }

  static int mix(long h) {
    return (int) mix64(h);
  }

  /** A hash of {@code h} whose 64 bits all depend on all of its bits; {@link #mix} is its low half. */
  static long mix64(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }
}
