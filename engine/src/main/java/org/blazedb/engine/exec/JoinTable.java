package org.blazedb.engine.exec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.engine.vector.Vector;

/**
 * The build side of a hash join: its rows ({@link Columns}), a hash table of their distinct keys,
 * and for each key the chain of rows that have it. Rows with a NULL key are
 * kept (an outer join returns them) but are in no chain, since NULL equals nothing. Built once,
 * then probed by several threads; only the matched flags of build-side outer joins are written
 * while probing (single bytes set to 1, so races are harmless).
 */
public final class JoinTable {
  private static final String OPERATOR = "hash join (build side)";
  /** Build rows whose slots are loaded together: 1,024 cache lines stay in a core's L2 cache. */
  private static final int SLICE = 1024;

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
  // first row + 1 of each key at direct[key - keyMin]: no hashing, and 4 bytes a key.
  private final int[] direct;
  // Keys of one long, less keyMin, lie in 0 to keySpan; the probe keys worth looking up are those
  // in the bitmap when that range is narrow enough, else those the Bloom filter lets through.
  private final long keyMin;
  private final long keySpan;
  private final KeyBitmap bitmap;
  private final KeyFilter filter;
  // Keys of two columns packed into the hash table: the set of their first column's values, less
  // its minimum, when that range is narrow and the keys fill a quarter of it or less. A probe key
  // whose first column is not in it is ruled out before the pair is packed and hashed (profile of
  // TPC-H Q9 at SF1: packing and hashing all of lineitem's part and supplier numbers for the
  // partsupps of the 5% of parts named green was a fifth of the query).
  private final KeyBitmap leads;
  private final GroupTable keys;
  private final int[] first;
  // Keys of one long, their hashes and rows, inserted a slice at a time; the sum of the slots
  // loaded ahead of them, kept so that the JIT does not drop those loads.
  private final long[] sliceKeys = new long[SLICE];
  private final long[] sliceHashes = new long[SLICE];
  private final int[] sliceRows = new int[SLICE];
  private long touched;

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
    keySpan = !oneLong ? -1 : packing != null ? packing.maxPacked()
        : ranges[0][0] > ranges[1][0] ? -1 : ranges[1][0] - ranges[0][0];
    keyMin = packing != null ? 0 : ranges[0][0];
    boolean directly = oneLong && directSpan(keySpan, n);
    if (oneLong && (directly || bitmapSpan(keySpan, n))) {
      budget.reserve(KeyBitmap.bytes(keySpan), OPERATOR);
      bitmap = new KeyBitmap(keySpan);
      filter = null;
    } else {
      bitmap = null;
      budget.reserve(oneLong ? KeyFilter.bytes(n) : 0, OPERATOR);
      filter = oneLong ? new KeyFilter(n) : null;
    }
    if (directly) {
      budget.reserve(4L * (keySpan + 1), OPERATOR);
      direct = new int[(int) keySpan + 1];
    } else {
      direct = null;
    }
    // Sized for as many keys as rows (build keys are mostly distinct): profile of TPC-H Q21 at SF1,
    // growing the table led the query.
    if (oneLong && direct == null) {
      int capacity = Integer.highestOneBit(Math.max(8, n + n / 2)) * 2; // at most 2/3 full
      budget.reserve(16L * capacity, OPERATOR);
      slots = new long[2 * capacity];
      mask = capacity - 1;
    } else {
      slots = null;
      mask = 0;
    }
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
      java.util.Arrays.fill(next, from, from + count, -1);
      for (int i = 0; i < count; i += SLICE) {
        if (oneLong) {
          insertSlice(encoded, width, i, Math.min(SLICE, count - i), from);
        } else {
          for (int j = i; j < Math.min(i + SLICE, count); j++) {
            if (encoded[j * width + width - 1] == 0) { // a NULL key joins nothing
              insert(encoded, j * width, from + j);
            }
          }
        }
      }
    }
    leads = filter != null && packing != null && packing.columns() == 2 ? leads(budget) : null;
  }

  /** {@link #leads} of the keys in the hash table, or null when their range is too wide or a quarter of it is not enough. */
  private KeyBitmap leads(MemoryBudget budget) {
    long span = packing.leadRange();
    if (!bitmapSpan(span, rows.rows())) {
      return null;
    }
    budget.reserve(KeyBitmap.bytes(span), OPERATOR);
    KeyBitmap leads = new KeyBitmap(span);
    for (int s = 0; s < slots.length; s += 2) {
      if (slots[s + 1] != 0) {
        leads.add(packing.lead(slots[s]));
      }
    }
    if (leads.cardinality() <= span / 4) {
      return leads;
    }
    budget.release(KeyBitmap.bytes(span));
    return null;
  }

  /**
   * Inserts the keys of one long of the {@code count} rows from {@code start} in {@code encoded}
   * (row {@code firstRow + start} first). Their slots are loaded first, in a loop of nothing else:
   * the cache misses, independent, overlap, and the inserts then find their lines in cache
   * (profile of TPC-H Q9 at SF1: inserting 320K lineitems and 800K partsupps, a slot missed at a
   * time, was a third of the query; building a table of 800K keys of two columns alone took 67 ns
   * a row, 49 loaded ahead).
   */
  private void insertSlice(long[] encoded, int width, int start, int count, int firstRow) {
    int keysIn = 0;
    for (int i = start; i < start + count; i++) {
      int at = i * width;
      sliceKeys[keysIn] = packing == null ? encoded[at] : packing.pack(encoded, at);
      sliceRows[keysIn] = firstRow + i;
      keysIn += BranchFree.isZero(encoded[at + width - 1]); // a NULL key joins nothing
    }
    long loaded = 0;
    if (direct != null) {
      for (int k = 0; k < keysIn; k++) {
        loaded += direct[(int) (sliceKeys[k] - keyMin)];
      }
    } else {
      for (int k = 0; k < keysIn; k++) {
        long hash = sliceHashes[k] = GroupTable.mix64(sliceKeys[k]);
        loaded += slots[2 * ((int) hash & mask) + 1] + (filter != null ? filter.word(hash) : 0);
      }
    }
    touched += loaded;
    for (int k = 0; k < keysIn; k++) {
      insert(sliceKeys[k], sliceHashes[k], sliceRows[k]);
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

  /**
   * Whether keys {@code span} apart (as {@link #directSpan}) are tested against a {@link KeyBitmap}:
   * when it takes at most 8 times the Bloom filter's bytes, or 1 MB whatever the rows. A bit a
   * value against 16 a key, so about where half the values in the range are keys or fewer; a
   * bitmap in the core's L2 cache costs less than hashing every probe key for a filter in L1, and
   * probe keys of one column are then read from their vector. 1 MB: TPC-H Q18's 57 orders among
   * 6M keys (750 KB), probed by all of lineitem; half the L2 cache of a core of this machine.
   */
  private static boolean bitmapSpan(long span, int rows) {
    return span >= 0 && span < 1 << 26 && KeyBitmap.bytes(span) <= Math.max(8 * KeyFilter.bytes(rows), 1 << 20);
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

  /** Chains {@code row} in front of the rows with its key of one long, whose hash (unless direct) is {@code hash}. */
  private void insert(long key, long hash, int row) {
    if (direct != null) {
      int at = (int) (key - keyMin);
      bitmap.add(at);
      next[row] = direct[at] - 1;
      direct[at] = row + 1;
      return;
    }
    if (bitmap != null) {
      bitmap.add(key - keyMin);
    } else {
      filter.add(hash);
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
   * {@code keys}: their ordinals go to {@code ordinals} and their hashes (or, with a bitmap, the
   * keys less their minimum), for {@link #firstRows}, to {@code hashes}; returns how many. NULL
   * keys, keys outside the build keys' range and, if {@code filtered}, keys the bitmap or filter
   * rules out are left out, without a branch per key ({@link BranchFree}).
   */
  int candidates(long[] keys, int width, int n, int[] ordinals, long[] hashes, boolean filtered) {
    // one loop per kind of table, alike on purpose: the JIT compiles each without the others' tests
    if (bitmap != null) {
      return packing == null ? rangeCandidates(keys, width, n, ordinals, hashes, filtered)
          : packedRangeCandidates(keys, width, n, ordinals, hashes, filtered);
    }
    if (slots != null) {
      return hashedCandidates(keys, width, n, ordinals, hashes, filtered);
    }
    int count = 0;
    for (int i = 0; i < n; i++) {
      ordinals[count] = i;
      hashes[count] = 0;
      count += BranchFree.isZero(keys[i * width + width - 1]);
    }
    return count;
  }

  /** Keys of one column in the range, less keyMin into {@code indexes}. */
  private int rangeCandidates(long[] keys, int width, int n, int[] ordinals, long[] indexes, boolean filtered) {
    int count = 0;
    for (int i = 0; i < n; i++) {
      int at = i * width;
      long index = keys[at] - keyMin;
      ordinals[count] = i;
      indexes[count] = index;
      count += BranchFree.isZero(keys[at + width - 1]) & inSet(index, filtered);
    }
    return count;
  }

  /** Packed keys in the range ({@link KeyPacking#OUTSIDE} is not) into {@code indexes}. */
  private int packedRangeCandidates(long[] keys, int width, int n, int[] ordinals, long[] indexes,
      boolean filtered) {
    int count = 0;
    for (int i = 0; i < n; i++) {
      int at = i * width;
      long index = packing.pack(keys, at);
      ordinals[count] = i;
      indexes[count] = index;
      count += BranchFree.isZero(keys[at + width - 1]) & inSet(index, filtered);
    }
    return count;
  }

  /**
   * 1 if {@code index} (a key less keyMin) is in the bitmap, or if not {@code filtered} in the
   * range; else 0. Only {@code filtered} is a branch, the same for a whole probe slice.
   */
  private int inSet(long index, boolean filtered) {
    return filtered ? bitmap.bit(index) : BranchFree.inRange(index, keySpan);
  }

  /**
   * Whether probe keys of one column of type {@code probeType} may be read straight from their
   * vector ({@link #candidates(Vector, MemorySegment, int, int, int[], long[], boolean, boolean)}): 8-byte
   * integers, whose values are their key words.
   */
  boolean readsKeyColumn(ValueType probeType) {
    return bitmap != null && packing == null && encoder.keys() == 1 && wordsAreValues(probeType);
  }

  /**
   * {@link #candidates} of the keys of one column without NULLs ({@link #readsKeyColumn}), read
   * from {@code column} at the rows {@code from .. from + n} of {@code selection} (those rows when
   * null): not copied into keys first, which, with the loop that then read them, took a third of
   * the queries that probe lineitem (TPC-H Q11, Q17). When candidates are {@code sparse} (the
   * probe side's last slice had few), a loop with a branch writes only them: the loop without
   * one writes every key, which led Q17 (0.2% of lineitem's parts are candidates).
   */
  int candidates(Vector column, MemorySegment selection, int from, int n, int[] ordinals, long[] hashes,
      boolean filtered, boolean sparse) {
    // a loop a method, as in firstRows
    MemorySegment values = column.values();
    if (filtered && selection == null && sparse) {
      return sparseCandidates(values, from, n, ordinals, hashes);
    }
    return selection == null ? columnCandidates(values, from, n, ordinals, hashes, filtered)
        : selectedCandidates(values, selection, from, n, ordinals, hashes, filtered);
  }

  /** Keys {@code from .. from + n} of {@code values} in the bitmap, a branch for each. */
  private int sparseCandidates(MemorySegment values, int from, int n, int[] ordinals, long[] indexes) {
    int count = 0;
    for (int i = 0; i < n; i++) {
      long index = values.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, from + i) - keyMin;
      if (bitmap.bit(index) == 1) {
        ordinals[count] = i;
        indexes[count++] = index;
      }
    }
    return count;
  }

  private int columnCandidates(MemorySegment values, int from, int n, int[] ordinals, long[] indexes,
      boolean filtered) {
    int count = 0;
    for (int i = 0; i < n; i++) {
      long index = values.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, from + i) - keyMin;
      ordinals[count] = i;
      indexes[count] = index;
      count += inSet(index, filtered);
    }
    return count;
  }

  private int selectedCandidates(MemorySegment values, MemorySegment selection, int from, int n, int[] ordinals,
      long[] indexes, boolean filtered) {
    int count = 0;
    for (int i = 0; i < n; i++) {
      int row = selection.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, from + i);
      long index = values.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, row) - keyMin;
      ordinals[count] = i;
      indexes[count] = index;
      count += inSet(index, filtered);
    }
    return count;
  }

  /**
   * The share of the values in its keys' range that are keys, when probe keys are tested against
   * its bitmap ({@link #readsKeyColumn}): about the share of probe keys spread over that range
   * that a look-up keeps. 1 for other tables.
   */
  double keyShare() {
    return bitmap == null ? 1 : (double) bitmap.cardinality() / (keySpan + 1);
  }

  /**
   * The positions of the rows whose key is a build key, of the {@code n} rows of {@code column}
   * at {@code selection} (rows 0 to n when null), to {@code out}; returns how many. For keys that
   * {@link #readsKeyColumn}: the bitmap then holds exactly the build keys.
   */
  int selectBuildKeys(Vector column, MemorySegment selection, int n, MemorySegment out) {
    // a loop a method, as in firstRows: the one over all rows of a column without NULLs is most of them
    MemorySegment values = column.values();
    MemorySegment validity = column.validity();
    return selection == null && validity == null ? buildKeyRows(values, n, out)
        : selectedBuildKeyRows(values, validity, selection, n, out);
  }

  private int buildKeyRows(MemorySegment values, int n, MemorySegment out) {
    int count = 0;
    for (int row = 0; row < n; row++) {
      out.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, count, row);
      count += bitmap.bit(values.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, row) - keyMin);
    }
    return count;
  }

  private int selectedBuildKeyRows(MemorySegment values, MemorySegment validity, MemorySegment selection, int n,
      MemorySegment out) {
    int count = 0;
    for (int i = 0; i < n; i++) {
      int row = selection == null ? i : selection.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i);
      int valid = validity == null ? 1 : validity.get(ValueLayout.JAVA_BYTE, row) & 1;
      out.setAtIndex(ValueLayout.JAVA_INT_UNALIGNED, count, row);
      count += valid & bitmap.bit(values.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, row) - keyMin);
    }
    return count;
  }

  /**
   * Whether probe keys of two columns of these types may be read straight from their vectors
   * ({@link #packedCandidates}): integer kinds, whose values are their key words, that this table
   * packs into one long.
   */
  boolean readsPackedColumns(ValueType first, ValueType second) {
    return packing != null && packing.columns() == 2 && wordsAreValues(first) && wordsAreValues(second);
  }

  private static boolean wordsAreValues(ValueType type) {
    return type.kind() != ValueType.Kind.VARCHAR && type.kind() != ValueType.Kind.DOUBLE;
  }

  /**
   * {@link #candidates} of the keys of two columns without NULLs ({@link #readsPackedColumns}),
   * packed as they are read from {@code a} and {@code b} at the rows {@code from .. from + n} of
   * {@code selection} (those rows when null), not encoded into keys first: encoding and packing
   * the part and cost of 800,000 partsupps led TPC-H Q2's profile. Row i's packed key goes to
   * {@code packed[i]}, for {@link #firstPackedRows}.
   */
  int packedCandidates(Vector a, Vector b, MemorySegment selection, int from, int n, int[] ordinals, long[] hashes,
      long[] packed, boolean filtered) {
    if (filtered && leads != null) {
      int count = packing.leading(a.values(), selection, from, n, leads, ordinals);
      packing.packOrdinals(a.values(), b.values(), selection, from, ordinals, count, packed);
      return packedHashLeads(packed, ordinals, count, hashes);
    }
    packing.pack(a.values(), b.values(), selection, from, n, packed);
    return bitmap != null ? packedIndexCandidates(packed, n, ordinals, hashes, filtered)
        : packedHashCandidates(packed, n, ordinals, hashes, filtered);
  }

  /** Packed keys in the bitmap or range: they start at 0 (keyMin), and OUTSIDE is in neither. */
  private int packedIndexCandidates(long[] packed, int n, int[] ordinals, long[] indexes, boolean filtered) {
    int count = 0;
    for (int i = 0; i < n; i++) {
      ordinals[count] = i;
      indexes[count] = packed[i];
      count += inSet(packed[i], filtered);
    }
    return count;
  }

  private int packedHashCandidates(long[] packed, int n, int[] ordinals, long[] hashes, boolean filtered) {
    int count = 0;
    for (int i = 0; i < n; i++) {
      long hash = GroupTable.mix64(packed[i]);
      ordinals[count] = i;
      hashes[count] = hash;
      count += BranchFree.isNonZero(packed[i] - KeyPacking.OUTSIDE) & (filtered ? filter.mayContain(hash) : 1);
    }
    return count;
  }

  /**
   * Of the {@code count} keys {@code ordinals} whose first column is in {@link #leads}, those that
   * the Bloom filter lets through (kept in {@code ordinals}, in order), with their hashes.
   */
  private int packedHashLeads(long[] packed, int[] ordinals, int count, long[] hashes) {
    int kept = 0;
    for (int c = 0; c < count; c++) {
      int i = ordinals[c];
      long hash = GroupTable.mix64(packed[i]);
      ordinals[kept] = i;
      hashes[kept] = hash;
      kept += BranchFree.isNonZero(packed[i] - KeyPacking.OUTSIDE) & filter.mayContain(hash);
    }
    return kept;
  }

  /** {@link #firstRows} of the candidates {@code ordinals} of {@link #packedCandidates}, by their packed keys. */
  void firstPackedRows(long[] packed, int[] ordinals, long[] hashes, int count, int[] rows) {
    if (direct != null) {
      directRows(hashes, count, rows);
    } else if (bitmap != null) {
      rehashedPackedRows(packed, ordinals, count, rows);
    } else {
      hashedPackedRows(packed, ordinals, hashes, count, rows);
    }
  }

  private void rehashedPackedRows(long[] packed, int[] ordinals, int count, int[] rows) {
    for (int c = 0; c < count; c++) {
      long key = packed[ordinals[c]];
      rows[c] = first(key, GroupTable.mix64(key));
    }
  }

  private void hashedPackedRows(long[] packed, int[] ordinals, long[] hashes, int count, int[] rows) {
    for (int c = 0; c < count; c++) {
      rows[c] = first(packed[ordinals[c]], hashes[c]);
    }
  }

  private int hashedCandidates(long[] keys, int width, int n, int[] ordinals, long[] hashes, boolean filtered) {
    int count = 0;
    int outsideIsKey = packing == null ? 1 : 0; // OUTSIDE is a key packing leaves out, or a key
    for (int i = 0; i < n; i++) {
      int at = i * width;
      long k = packing == null ? keys[at] : packing.pack(keys, at);
      long hash = GroupTable.mix64(k);
      ordinals[count] = i;
      hashes[count] = hash;
      count += BranchFree.isZero(keys[at + width - 1]) & (outsideIsKey | BranchFree.isNonZero(k - KeyPacking.OUTSIDE))
          & (filtered ? filter.mayContain(hash) : 1);
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
    // each kind of table's loop in a method of its own: a kind the JIT's profile of this one had
    // not seen would throw all of them back to the interpreter (TPC-H Q5, after the warm-up)
    if (direct != null) {
      directRows(hashes, count, rows);
    } else if (bitmap != null) {
      rehashedRows(hashes, count, rows);
    } else {
      hashedRows(keys, width, ordinals, hashes, count, rows);
    }
  }

  /** Rows of the candidates' keys less keyMin, {@code indexes}, looked up in {@link #direct}. */
  private void directRows(long[] indexes, int count, int[] rows) {
    for (int c = 0; c < count; c++) {
      rows[c] = direct[(int) indexes[c]] - 1;
    }
  }

  /** Rows of the candidates' keys less keyMin, {@code indexes}: hashed only now that they are candidates. */
  private void rehashedRows(long[] indexes, int count, int[] rows) {
    for (int c = 0; c < count; c++) {
      long key = indexes[c] + keyMin;
      rows[c] = first(key, GroupTable.mix64(key));
    }
  }

  private void hashedRows(long[] keys, int width, int[] ordinals, long[] hashes, int count, int[] rows) {
    for (int c = 0; c < count; c++) {
      rows[c] = first(keys, ordinals[c] * width, hashes[c]);
    }
  }

  /** The first row with the key at {@code key[offset ..]}, a candidate whose hash is {@code hash}, or -1. */
  private int first(long[] key, int offset, long hash) {
    if (slots == null) {
      int id = keys.find(key, offset);
      return id < 0 ? -1 : first[id];
    }
    return first(packing == null ? key[offset] : packing.pack(key, offset), hash);
  }

  /** The first row with the key of one long {@code key}, whose hash is {@code hash}, or -1. */
  private int first(long key, long hash) {
    for (int s = (int) hash & mask; ; s = (s + 1) & mask) {
      long head = slots[2 * s + 1];
      if (head == 0 || slots[2 * s] == key) {
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
