package org.blazedb.engine.exec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.blazedb.engine.vector.Vector;

/**
 * Group ids of keys of one or two columns whose values lie near the first key seen, in an array
 * indexed by their offsets from it (12 bits for one column, 6 bits each for two): few-valued keys
 * (flags, codes, small numbers; TPC-H Q1's two one-letter columns) then skip the hash table. Keys
 * outside that window, or with a NULL, go to the {@link GroupTable}, which owns the ids.
 */
final class DirectGroups {
  private static final int INDEX_BITS = 12;

  private final int columns;
  private final int bits;
  private final long[] base;
  private final int[] ids = new int[1 << INDEX_BITS]; // id + 1; 0 when not known yet
  private boolean based;

  private DirectGroups(int columns) {
    this.columns = columns;
    this.bits = INDEX_BITS / columns;
    this.base = new long[columns];
  }

  /** For keys of {@code columns} columns, or null when they are too many. */
  static DirectGroups of(int columns) {
    return columns == 1 || columns == 2 ? new DirectGroups(columns) : null;
  }

  /** The id of the key at {@code key[offset ..]} ({@link KeyEncoder} words), or -1 if not known here. */
  int find(long[] key, int offset) {
    int index = index(key, offset);
    return index < 0 ? -1 : ids[index] - 1;
  }

  /**
   * The ids of rows {@code 0 ..} of a one-column key whose words are its values (an integer kind,
   * no NULL in {@code v}), read straight from the vector into {@code ids}, up to the first row whose
   * key is not known here; returns how many rows it resolved.
   */
  int resolve(Vector v, int[] ids, int n) {
    if (columns != 1 || !based || v.validity() != null) {
      return 0;
    }
    long first = base[0];
    int size = this.ids.length;
    MemorySegment values = v.values();
    for (int i = 0; i < n; i++) {
      long d = values.getAtIndex(ValueLayout.JAVA_LONG, i) - first;
      int id = Long.compareUnsigned(d, size) < 0 ? this.ids[(int) d] - 1 : -1;
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
    return d >>> bits == 0 ? (int) d : -1;
  }
}
