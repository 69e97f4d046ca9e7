package org.blazedb.engine.exec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * Gives each distinct byte string an int id, so that VARCHAR group and join keys hash and compare as
 * longs. Strings are kept in one byte array; the table is open addressing over their hashes.
 */
final class StringDictionary {
  private final MemoryBudget budget;
  private final String operator;
  private byte[] bytes = new byte[1 << 12];
  private int used;
  private int[] starts = new int[64];
  private int[] hashes = new int[64];
  private int count;
  private int[] slots = new int[128]; // id + 1, 0 when empty
  private MemorySegment scratch = MemorySegment.NULL; // for strings of another dictionary

  StringDictionary(MemoryBudget budget, String operator) {
    this.budget = budget;
    this.operator = operator + " (strings)";
    budget.reserve(bytes.length + 4L * (starts.length * 2 + slots.length), this.operator);
  }

  int intern(MemorySegment data, long start, int length) {
    int hash = hash(data, start, length);
    int slot = slot(data, start, length, hash);
    int id = slots[slot] - 1;
    return id >= 0 ? id : add(data, start, length, hash, slot);
  }

  /** The id of a string, or -1 if it was never interned; safe to call from several threads once interning is over. */
  int find(MemorySegment data, long start, int length) {
    return slots[slot(data, start, length, hash(data, start, length))] - 1;
  }

  /** The slot that holds the string, or the empty slot where it would go. */
  private int slot(MemorySegment data, long start, int length, int hash) {
    int mask = slots.length - 1;
    for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
      int id = slots[slot] - 1;
      if (id < 0 || (hashes[id] == hash && length(id) == length && MemorySegment.mismatch(
          data, start, start + length, MemorySegment.ofArray(bytes), starts[id], starts[id] + length) < 0)) {
        return slot;
      }
    }
  }

  /**
   * The id here of string {@code id} of {@code other} (another worker's dictionary), interned if
   * new. The bytes pass through an off-heap scratch segment, reused: a heap segment would slow
   * every segment loop (see {@link org.blazedb.engine.vector.OffHeap}).
   */
  int intern(StringDictionary other, int id) {
    int length = other.length(id);
    if (scratch.byteSize() < length) {
      scratch = Arena.ofAuto().allocate(Math.max(length, 2 * scratch.byteSize()));
    }
    MemorySegment.copy(other.bytes, other.starts[id], scratch, ValueLayout.JAVA_BYTE, 0, length);
    return intern(scratch, 0, length);
  }

  private int add(MemorySegment data, long start, int length, int hash, int slot) {
    if (used + length > bytes.length) {
      int grown = Math.max(used + length, bytes.length * 2);
      budget.reserve(grown - bytes.length, operator);
      bytes = java.util.Arrays.copyOf(bytes, grown);
    }
    if (count + 1 >= starts.length) {
      budget.reserve(8L * starts.length, operator);
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
    budget.reserve(4L * slots.length, operator);
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

  String string(int id) {
    return new String(bytes, starts[id], length(id), StandardCharsets.UTF_8);
  }

  static int hash(MemorySegment data, long start, int length) {
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
