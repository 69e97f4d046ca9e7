package org.blazedb.engine.exec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Gives each distinct byte string an int id, so that VARCHAR group keys hash and compare as
 * longs. Strings are kept in one byte array; the table is open addressing over their hashes.
 */
final class StringDictionary {
  private final MemoryBudget budget;
  private byte[] bytes = new byte[1 << 12];
  private int used;
  private int[] starts = new int[64];
  private int[] hashes = new int[64];
  private int count;
  private int[] slots = new int[128]; // id + 1, 0 when empty

  StringDictionary(MemoryBudget budget) {
    this.budget = budget;
    budget.reserve(bytes.length + 4L * (starts.length * 2 + slots.length), "hash aggregate (strings)");
  }

  int intern(MemorySegment data, long start, int length) {
    int hash = hash(data, start, length);
    int mask = slots.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      int id = slots[slot] - 1;
      if (id < 0) {
        return add(data, start, length, hash, slot);
      }
      if (hashes[id] == hash && length(id) == length && MemorySegment.mismatch(
          data, start, start + length, MemorySegment.ofArray(bytes), starts[id], starts[id] + length) < 0) {
        return id;
      }
    }
  }

  int intern(byte[] value) {
    return intern(MemorySegment.ofArray(value), 0, value.length);
  }

  private int add(MemorySegment data, long start, int length, int hash, int slot) {
    if (used + length > bytes.length) {
      int grown = Math.max(used + length, bytes.length * 2);
      budget.reserve(grown - bytes.length, "hash aggregate (strings)");
      bytes = java.util.Arrays.copyOf(bytes, grown);
    }
    if (count + 1 >= starts.length) {
      budget.reserve(8L * starts.length, "hash aggregate (strings)");
      starts = java.util.Arrays.copyOf(starts, starts.length * 2);
      hashes = java.util.Arrays.copyOf(hashes, hashes.length * 2);
    }
    MemorySegment.copy(data, ValueLayout.JAVA_BYTE, start, bytes, used, length);
    starts[count] = used;
    hashes[count] = hash;
    used += length;
    starts[count + 1] = used;
    slots[slot] = ++count;
    if (count * 2 > slots.length) {
      rehash();
    }
    return count - 1;
  }

  private void rehash() {
    budget.reserve(4L * slots.length, "hash aggregate (strings)");
    slots = new int[slots.length * 2];
    int mask = slots.length - 1;
    for (int id = 0; id < count; id++) {
      int slot = hashes[id] & mask;
      while (slots[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = id + 1;
    }
  }

  private int length(int id) {
    return starts[id + 1] - starts[id];
  }

  byte[] bytes(int id) {
    return java.util.Arrays.copyOfRange(bytes, starts[id], starts[id + 1]);
  }

  String string(int id) {
    return new String(bytes, starts[id], length(id), StandardCharsets.UTF_8);
  }

  private static int hash(MemorySegment data, long start, int length) {
    long h = 0x9E3779B97F4A7C15L ^ length;
    int i = 0;
    for (; i + 8 <= length; i += 8) {
      h = (h ^ data.get(ValueLayout.JAVA_LONG_UNALIGNED, start + i)) * 0x100000001B3L;
    }
    for (; i < length; i++) {
      h = (h ^ data.get(ValueLayout.JAVA_BYTE, start + i)) * 0x100000001B3L;
    }
    return GroupTable.mix(h);
  }
}
