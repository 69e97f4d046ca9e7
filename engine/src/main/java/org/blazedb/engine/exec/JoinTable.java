package org.blazedb.engine.exec;

import java.util.List;
import org.blazedb.engine.vector.ValueType;

/**
 * The build side of a hash join: its rows ({@link Columns}), a hash table of their distinct keys,
 * and for each key the chain of rows that have it. Rows with a NULL key are
 * kept (an outer join returns them) but are in no chain, since NULL equals nothing. Built once,
 * then probed by several threads; only the matched flags of build-side outer joins are written
 * while probing (single bytes set to 1, so races are harmless).
 */
public final class JoinTable {
  private static final String OPERATOR = "hash join (build side)";

  private final Columns rows;
  private final KeyEncoder encoder;
  private final int[] next;
  private final byte[] matched;
  // Keys of one column, or of several packed into one long (most joins): (key, first row + 1)
  // pairs side by side in one array, open addressing, so a look-up touches one cache line. Other
  // keys of several columns: a GroupTable of the distinct keys and the first row of each.
  private final KeyPacking packing;
  private final long[] slots;
  private final int mask;
  // Or, when those keys lie close together (TPC-H's part, supplier and customer numbers), the
  // first row + 1 of each key at direct[key - directMin]: no hashing, and 4 bytes a key.
  private final int[] direct;
  private final long directMin;
  private final KeyFilter filter;
  private final GroupTable keys;
  private final int[] first;

  /**
   * @param keyColumns the columns of {@code rows} that are the join keys
   * @param keyTypes the types both sides' keys are compared as
   */
  public JoinTable(Columns rows, int[] keyColumns, List<ValueType> keyTypes, MemoryBudget budget) {
    this.rows = rows;
    this.encoder = new KeyEncoder(keyColumns, keyTypes, new StringDictionary(budget, OPERATOR), true);
    int n = rows.rows();
    budget.reserve(5L * n, OPERATOR);
    this.next = new int[n];
    this.matched = new byte[n];
    long[][] ranges = ranges(n);
    packing = keyColumns.length == 1 ? null : KeyPacking.of(ranges[0], ranges[1]);
    boolean oneLong = keyColumns.length == 1 || packing != null;
    // -1: not one long, or no key that is not NULL; a join on no keys packs every row's to 0
    long span = !oneLong ? -1 : packing != null ? packing.maxPacked()
        : ranges[0][0] > ranges[1][0] ? -1 : ranges[1][0] - ranges[0][0];
    if (oneLong && directSpan(span, n)) {
      budget.reserve(4L * (span + 1) + KeyFilter.bytes(n), OPERATOR);
      direct = new int[(int) span + 1];
      directMin = packing != null ? 0 : ranges[0][0];
    } else {
      direct = null;
      directMin = 0;
    }
    // Sized for as many keys as rows (build keys are mostly distinct): profile of TPC-H Q21 at SF1,
    // growing the table led the query.
    if (oneLong && direct == null) {
      int capacity = Integer.highestOneBit(Math.max(8, n + n / 2)) * 2; // at most 2/3 full
      budget.reserve(16L * capacity + KeyFilter.bytes(n), OPERATOR);
      slots = new long[2 * capacity];
      mask = capacity - 1;
    } else {
      slots = null;
      mask = 0;
    }
    filter = oneLong ? new KeyFilter(n) : null;
    if (oneLong) {
      keys = null;
      first = null;
    } else {
      keys = new GroupTable(encoder.width(), budget, OPERATOR, n);
      budget.reserve(4L * n, OPERATOR);
      first = new int[n];
    }
    int width = encoder.width();
    long[] encoded = new long[0];
    for (int from = 0; from < n; from += MaterializedSource.MORSEL) {
      int count = Math.min(MaterializedSource.MORSEL, n - from);
      encoded = encoder.encode(rows.batch(from, count), encoded);
      for (int i = 0; i < count; i++) {
        int row = from + i;
        next[row] = -1;
        if (encoded[i * width + width - 1] == 0) { // a NULL key joins nothing
          if (oneLong) {
            insert(packing == null ? encoded[i * width] : packing.pack(encoded, i * width), row);
          } else {
            insert(encoded, i * width, row);
          }
        }
      }
    }
  }

  /**
   * Whether keys {@code span} apart (unsigned; -1 when they are not one long) are looked up
   * directly: when the array takes no more than the hash table would (16 keys' room for each row,
   * 64 bytes, what its slots take at their emptiest), or fits a core's cache whatever the rows.
   */
  private static boolean directSpan(long span, int rows) {
    return span >= 0 && span < 1 << 26 && (span < 1 << 16 || span < 16L * rows);
  }

  /** The minimum ({@code [0]}) and maximum ({@code [1]}) of each key column over the rows whose key is not NULL. */
  private long[][] ranges(int n) {
    int columns = encoder.keys();
    long[] min = new long[columns];
    long[] max = new long[columns];
    java.util.Arrays.fill(min, Long.MAX_VALUE);
    java.util.Arrays.fill(max, Long.MIN_VALUE);
    long[] encoded = new long[0];
    int width = encoder.width();
    for (int from = 0; from < n; from += MaterializedSource.MORSEL) {
      int count = Math.min(MaterializedSource.MORSEL, n - from);
      encoded = encoder.encode(rows.batch(from, count), encoded);
      for (int i = 0; i < count; i++) {
        if (encoded[i * width + width - 1] == 0) {
          for (int k = 0; k < columns; k++) {
            min[k] = Math.min(min[k], encoded[i * width + k]);
            max[k] = Math.max(max[k], encoded[i * width + k]);
          }
        }
      }
    }
    return new long[][] {min, max};
  }

  /** Chains {@code row} in front of the rows with its key of one long. */
  private void insert(long key, int row) {
    long hash = GroupTable.mix64(key);
    filter.add(hash);
    if (direct != null) {
      int at = (int) (key - directMin);
      next[row] = direct[at] - 1;
      direct[at] = row + 1;
      return;
    }
    for (int s = (int) hash & mask; ; s = (s + 1) & mask) {
      int head = (int) slots[2 * s + 1] - 1;
      if (head < 0) {
        slots[2 * s] = key;
        slots[2 * s + 1] = row + 1;
        return;
      }
      if (slots[2 * s] == key) {
        next[row] = head;
        slots[2 * s + 1] = row + 1;
        return;
      }
    }
  }

  private void insert(long[] key, int offset, int row) {
    int id = keys.findOrAdd(key, offset);
    if (id < 0) {
      first[-1 - id] = row;
    } else {
      next[row] = first[id];
      first[id] = row;
    }
  }

  public Columns rows() {
    return rows;
  }

  /** Whether no two rows have the same key (NULL keys apart): a probe row then matches one row at most. */
  public boolean uniqueKeys() {
    for (int row : next) {
      if (row >= 0) {
        return false;
      }
    }
    return true;
  }

  /** An encoder of probe keys (columns {@code probeColumns} of the probe batches) comparable with these. */
  KeyEncoder probeEncoder(int[] probeColumns) {
    return new KeyEncoder(probeColumns, java.util.stream.IntStream.range(0, encoder.keys()).mapToObj(encoder::type)
        .toList(), encoder.strings(), false);
  }

  /**
   * The probe keys that may have rows here, of the {@code n} keys of {@code width} longs in
   * {@code keys}: their ordinals go to {@code ordinals} and their hashes (or direct indexes), for
   * {@link #first}, to {@code hashes}; returns how many. NULL keys, keys outside the packed ranges
   * and, if {@code filtered}, keys the filter rules out are left out, without a branch per key.
   */
  int candidates(long[] keys, int width, int n, int[] ordinals, long[] hashes, boolean filtered) {
    // one loop per kind of table, alike on purpose: the JIT compiles each without the others' tests
    if (direct != null) {
      return packing == null ? directCandidates(keys, width, n, ordinals, hashes, filtered)
          : packedDirectCandidates(keys, width, n, ordinals, hashes, filtered);
    }
    if (slots != null) {
      return hashedCandidates(keys, width, n, ordinals, hashes, filtered);
    }
    int count = 0;
    for (int i = 0; i < n; i++) {
      ordinals[count] = i;
      hashes[count] = 0;
      count += keys[i * width + width - 1] == 0 ? 1 : 0;
    }
    return count;
  }

  private int directCandidates(long[] keys, int width, int n, int[] ordinals, long[] hashes, boolean filtered) {
    int count = 0;
    long size = direct.length;
    for (int i = 0; i < n; i++) {
      int at = i * width;
      long k = keys[at];
      long index = k - directMin;
      ordinals[count] = i;
      hashes[count] = index;
      boolean candidate = keys[at + width - 1] == 0 & Long.compareUnsigned(index, size) < 0
          & (!filtered || filter.mayContain(GroupTable.mix64(k)));
      count += candidate ? 1 : 0;
    }
    return count;
  }

  private int packedDirectCandidates(long[] keys, int width, int n, int[] ordinals, long[] hashes,
      boolean filtered) {
    int count = 0;
    long size = direct.length;
    for (int i = 0; i < n; i++) {
      int at = i * width;
      long k = packing.pack(keys, at);
      ordinals[count] = i;
      hashes[count] = k;
      boolean candidate = keys[at + width - 1] == 0 & Long.compareUnsigned(k, size) < 0
          & (!filtered || filter.mayContain(GroupTable.mix64(k)));
      count += candidate ? 1 : 0;
    }
    return count;
  }

  private int hashedCandidates(long[] keys, int width, int n, int[] ordinals, long[] hashes, boolean filtered) {
    int count = 0;
    for (int i = 0; i < n; i++) {
      int at = i * width;
      long k = packing == null ? keys[at] : packing.pack(keys, at);
      long hash = GroupTable.mix64(k);
      ordinals[count] = i;
      hashes[count] = hash;
      boolean candidate = keys[at + width - 1] == 0 & (k != KeyPacking.OUTSIDE || packing == null)
          & (!filtered || filter.mayContain(hash));
      count += candidate ? 1 : 0;
    }
    return count;
  }

  /**
   * The first rows ({@link #first}) of the {@code count} candidates {@code ordinals} (keys of
   * {@code width} longs in {@code keys}, hashes in {@code hashes}) into {@code rows}. One loop of
   * look-ups and nothing else: their cache misses, independent, overlap (TPC-H Q5 probes a table
   * of 227K orders, 8 MB, with 6M lineitems: one look-up at a time, they led its profile).
   */
  void firstRows(long[] keys, int width, int[] ordinals, long[] hashes, int count, int[] rows) {
    if (direct != null) {
      for (int c = 0; c < count; c++) {
        rows[c] = direct[(int) hashes[c]] - 1;
      }
      return;
    }
    for (int c = 0; c < count; c++) {
      rows[c] = first(keys, ordinals[c] * width, hashes[c]);
    }
  }

  /** The first row with the key at {@code key[offset ..]}, a candidate whose hash is {@code hash}, or -1. */
  int first(long[] key, int offset, long hash) {
    if (direct != null) {
      return direct[(int) hash] - 1;
    }
    if (slots == null) {
      int id = keys.find(key, offset);
      return id < 0 ? -1 : first[id];
    }
    long k = packing == null ? key[offset] : packing.pack(key, offset);
    for (int s = (int) hash & mask; ; s = (s + 1) & mask) {
      long head = slots[2 * s + 1];
      if (head == 0 || slots[2 * s] == k) {
        return (int) head - 1;
      }
    }
  }

  /** The next row with the same key as {@code row}, or -1. */
  int next(int row) {
    return next[row];
  }

  void markMatched(int row) {
    matched[row] = 1;
  }

  boolean matched(int row) {
    return matched[row] != 0;
  }
}
