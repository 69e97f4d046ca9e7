package org.blazedb.engine.exec;

/**
 * Keys of {@code width} longs each mapped to dense ids 0, 1, ... in order of first insertion:
 * open addressing with linear probing; keys kept in one array.
 */
final class GroupTable {
  private final int width;
  private final MemoryBudget budget;
  private final String operator;
  private long[] keys;
  private int[] hashes;
  private int[] slots; // id + 1, 0 when empty
  private int count;

  GroupTable(int width, MemoryBudget budget, String operator) {
    this(width, budget, operator, 64);
  }

  /** A table sized for {@code expected} keys, so that adding them never grows it. */
  GroupTable(int width, MemoryBudget budget, String operator, int expected) {
    this.width = width;
    this.budget = budget;
    this.operator = operator;
    int capacity = Integer.highestOneBit(Math.max(64, expected - 1)) * 2;
    budget.reserve(8L * width * capacity + 4L * capacity * 3, operator);
    keys = new long[width * capacity];
    hashes = new int[capacity];
    slots = new int[capacity * 2];
  }

  int size() {
    return count;
  }

  /** The id of the key at {@code key[offset .. offset + width)}, added if new; -1 - id when it was added. */
  int findOrAdd(long[] key, int offset) {
    int hash = hash(key, offset);
    int mask = slots.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      int id = slots[slot] - 1;
      if (id < 0) {
        add(key, offset, hash, slot);
        return -1 - (count - 1);
      }
      if (hashes[id] == hash && equal(id, key, offset)) {
        return id;
      }
    }
  }

  /** The id of the key at {@code key[offset .. offset + width)}, or -1; safe from several threads once adding is over. */
  int find(long[] key, int offset) {
    int hash = hash(key, offset);
    int mask = slots.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      int id = slots[slot] - 1;
      if (id < 0 || (hashes[id] == hash && equal(id, key, offset))) {
        return id;
      }
    }
  }

  // A plain loop: keys are a few words, too short for Arrays.equals' range checks and mismatch call.
  private boolean equal(int id, long[] key, int offset) {
    int base = id * width;
    for (int w = 0; w < width; w++) {
      if (keys[base + w] != key[offset + w]) {
        return false;
      }
    }
    return true;
  }

  long key(int id, int word) {
    return keys[id * width + word];
  }

  private void add(long[] key, int offset, int hash, int slot) {
    if (count == hashes.length) {
      int capacity = hashes.length * 2;
      budget.reserve(8L * width * hashes.length + 4L * hashes.length * 3, operator);
      keys = java.util.Arrays.copyOf(keys, width * capacity);
      hashes = java.util.Arrays.copyOf(hashes, capacity);
    }
    System.arraycopy(key, offset, keys, count * width, width);
    hashes[count] = hash;
    slots[slot] = ++count;
    if (count * 2 > slots.length) {
      slots = new int[slots.length * 2];
      int mask = slots.length - 1;
      for (int id = 0; id < count; id++) {
        int s = hashes[id] & mask;
        while (slots[s] != 0) {
          s = (s + 1) & mask;
        }
        slots[s] = id + 1;
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
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return (int) h;
  }
}
