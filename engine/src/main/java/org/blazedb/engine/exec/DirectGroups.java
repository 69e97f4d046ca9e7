package org.blazedb.engine.exec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.blazedb.engine.vector.Vector;

/**
 * Group ids of keys of one or two columns whose values lie in a window, in an array indexed by
 * their offsets from its start: such keys skip the hash table. Two columns get a fixed window of
 * 6 bits each around the first key seen (flags and codes: TPC-H Q1's two one-letter columns). One
 * column's window starts at 12 bits and widens to take a key outside it while the keys stay dense
 * (at most {@link #MAX_ENTRIES_PER_GROUP} entries per group), up to {@link #MAX_ENTRIES}: the 1.5M
 * order keys of TPC-H Q18's GROUP BY l_orderkey, spread over 6M values, then cost an array read
 * each instead of a probe of a 100 MB hash table. Keys outside the window, or with a NULL, go to
 * the {@link GroupTable}, which holds every key and owns the ids.
 */
final class DirectGroups {
  private static final int INDEX_BITS = 12;
  /** The widest window of one column: 64 MB of ids. */
  private static final int MAX_ENTRIES = 1 << 24;
  /**
   * A window widens only while the keys it must cover take at most this many entries per group: 48
   * bytes a group, what the hash table's slots take for a one-column key. It then doubles, as the
   * hash table does. The test is on the keys covered, not on the doubled window: a worker given
   * every other morsel of lineitem sees half the keys of its range (8 entries per group), and a
   * doubled window would always fail it.
   */
  private static final int MAX_ENTRIES_PER_GROUP = 12;

  private final int columns;
  private final int bits;
  private final long[] base;
  private final MemoryBudget budget;
  private int[] ids = new int[1 << INDEX_BITS]; // id + 1; 0 when not known yet
  private long reserved; // bytes of a widened window
  private boolean based;

  private DirectGroups(int columns, MemoryBudget budget) {
    this.columns = columns;
    this.bits = INDEX_BITS / columns;
    this.base = new long[columns];
    this.budget = budget;
  }

  /** For keys of {@code columns} columns, or null when they are too many. */
  static DirectGroups of(int columns, MemoryBudget budget) {
    return columns == 1 || columns == 2 ? new DirectGroups(columns, budget) : null;
  }

  /** The id of the key at {@code key[offset ..]} ({@link KeyEncoder} words), or -1 if not known here. */
  int find(long[] key, int offset) {
    int index = index(key, offset);
    return index < 0 ? -1 : ids[index] - 1;
  }

  /**
   * Whether the key at {@code key[offset ..]} falls in the window, which widens to take it when it
   * can; keys of {@code table} it then takes are recorded. The caller then finds or records the
   * key here instead of in the table.
   */
  boolean covers(long[] key, int offset, GroupTable table) {
    return index(key, offset) >= 0 || (key[offset + columns] == 0 && widen(key[offset], table));
  }

  /**
   * The ids of rows {@code from ..} of a one-column key whose words are its values (an integer
   * kind, no NULL in {@code v}), read straight from the vector into {@code ids}, up to the first row
   * whose key is not known here; returns that row ({@code n} when all are known).
   */
  int resolve(Vector v, int[] ids, int from, int n) {
    if (columns != 1 || !based || v.validity() != null) {
      return from;
    }
    long first = base[0];
    int[] known = this.ids;
    MemorySegment values = v.values();
    for (int i = from; i < n; i++) {
      long d = values.getAtIndex(ValueLayout.JAVA_LONG, i) - first;
      int id = Long.compareUnsigned(d, known.length) < 0 ? known[(int) d] - 1 : -1;
      if (id < 0) {
        return i;
      }
      ids[i] = id;
    }
    return n;
  }

  /** Remembers that the key at {@code key[offset ..]} has group {@code id}, if it falls in the window. */
  void record(long[] key, int offset, int id) {
    int index = index(key, offset);
    if (index >= 0) {
      ids[index] = id + 1;
    }
  }

  private int index(long[] key, int offset) {
    if (key[offset + columns] != 0) {
      return -1; // a NULL in the key
    }
    if (!based) { // the window: centred on the first key seen
      for (int k = 0; k < columns; k++) {
        base[k] = key[offset + k] - (1L << (bits - 1));
      }
      based = true;
    }
    long d = key[offset] - base[0];
    if (columns == 2) {
      long e = key[offset + 1] - base[1];
      return (d | e) >>> bits == 0 ? (int) (d << bits | e) : -1; // both in [0, 2^bits)
    }
    return Long.compareUnsigned(d, ids.length) < 0 ? (int) d : -1;
  }

  /**
   * Widens a one-column window, at least twofold, to take {@code value} (toward it), if the keys
   * stay dense and the memory is there; records the keys of {@code table} it then holds.
   */
  private boolean widen(long value, GroupTable table) {
    if (columns != 1 || !based) {
      return false;
    }
    long above = value - base[0]; // past the start when the window grows upward
    long below = base[0] + ids.length - 1 - value; // before the end when it grows downward
    boolean upward = above >= 0;
    long needed = (upward ? above : below) + 1;
    long entries = Math.max(2L * ids.length, needed);
    if (needed <= 0 || entries > MAX_ENTRIES || needed > MAX_ENTRIES_PER_GROUP * (table.size() + 1L)
        || !budget.tryReserve(4 * entries)) {
      return false;
    }
    budget.release(reserved);
    reserved = 4 * entries;
    if (!upward) {
      base[0] = base[0] + ids.length - entries;
    }
    ids = new int[(int) entries];
    long[] key = new long[2];
    for (int id = 0; id < table.size(); id++) {
      key[0] = table.key(id, 0);
      key[1] = table.key(id, 1);
      record(key, 0, id);
    }
    return true;
  }
}
