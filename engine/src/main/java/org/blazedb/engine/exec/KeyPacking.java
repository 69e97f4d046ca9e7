package org.blazedb.engine.exec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A join key of several columns as one long: each column's value less the build side's minimum,
 * in as many bits as the build side's range needs, side by side. Used when the ranges fit in 63
 * bits together (order and supplier numbers, dates, codes), so a key of several columns is looked
 * up like a key of one. A probe value outside a column's range can match no build row.
 */
final class KeyPacking {
  /** What {@link #pack} gives for a probe key outside the build side's ranges; packed keys are never negative. */
  static final long OUTSIDE = -1;

  private final long[] min;
  private final long[] range;
  private final int[] shift;
  // The first two columns' as fields too: a loop's loads of them are hoisted, where loads from the
  // arrays above might alias its stores into a long[] of packed keys.
  private final long min0;
  private final long min1;
  private final long range0;
  private final long range1;
  private final int shift1;

  private KeyPacking(long[] min, long[] range, int[] shift) {
    this.min = min;
    this.range = range;
    this.shift = shift;
    boolean two = min.length >= 2; // a join on no keys packs them all to 0
    min0 = two ? min[0] : 0;
    min1 = two ? min[1] : 0;
    range0 = two ? range[0] : 0;
    range1 = two ? range[1] : 0;
    shift1 = two ? shift[1] : 0;
  }

  /** The packing of keys whose column {@code k} lies in {@code [min[k], max[k]]}, or null if they do not fit. */
  static KeyPacking of(long[] min, long[] max) {
    long[] range = new long[min.length];
    int[] shift = new int[min.length];
    int bits = 0;
    for (int k = 0; k < min.length; k++) {
      range[k] = max[k] - min[k]; // unsigned: the span of any two longs fits
      shift[k] = bits;
      bits += 64 - Long.numberOfLeadingZeros(range[k]);
      if (bits > 63 || (min[k] > max[k])) {
        return null;
      }
    }
    return new KeyPacking(min.clone(), range, shift);
  }

  /** The largest packed key: every column at its maximum. */
  long maxPacked() {
    long packed = 0;
    for (int k = 0; k < min.length; k++) {
      packed |= range[k] << shift[k];
    }
    return packed;
  }

  /** How many columns a key has. */
  int columns() {
    return min.length;
  }

  /** The packed key of the columns at {@code key[offset ..]}, or {@link #OUTSIDE}. */
  long pack(long[] key, int offset) {
    if (min.length == 2) { // most keys of several columns (TPC-H's partsupp, lineitem): no loop
      return pack(key[offset], key[offset + 1]);
    }
    long packed = 0;
    for (int k = 0; k < min.length; k++) {
      long d = key[offset + k] - min[k];
      if (Long.compareUnsigned(d, range[k]) > 0) {
        return OUTSIDE;
      }
      packed |= d << shift[k];
    }
    return packed;
  }

  /**
   * The packed keys of two columns' values {@code x} and {@code y} (8 bytes each, no NULL) at rows
   * {@code from .. from + n} of {@code selection} (those rows when null), into {@code packed}.
   * Small methods of simple loops: compiled on their own, their segment
   * reads are inlined whole (inside the join's probe, a first compilation left them to the generic
   * access path, 0.1 s instead of 0.02 for TPC-H Q2 over its first runs). No branch on whether a
   * key is inside the ranges ({@link BranchFree}): Q2's first key outside them trapped the loop
   * back to the interpreter for its first runs.
   */
  void pack(MemorySegment x, MemorySegment y, MemorySegment selection, int from, int n, long[] packed) {
    if (selection == null) {
      packRows(x, y, from, n, packed);
    } else {
      packSelected(x, y, selection, from, n, packed);
    }
  }

  private void packRows(MemorySegment x, MemorySegment y, int from, int n, long[] packed) {
    for (int i = 0; i < n; i++) {
      long d0 = x.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, from + i) - min0;
      long d1 = y.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, from + i) - min1;
      packed[i] = packedOrOutside(d0, d1);
    }
  }

  private void packSelected(MemorySegment x, MemorySegment y, MemorySegment selection, int from, int n,
      long[] packed) {
    for (int i = 0; i < n; i++) {
      int row = selection.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, from + i);
      long d0 = x.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, row) - min0;
      long d1 = y.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, row) - min1;
      packed[i] = packedOrOutside(d0, d1);
    }
  }

  /** Of a packed key of two or more columns, the first column's value less its minimum. */
  long lead(long packed) {
    return packed & (1L << shift1) - 1;
  }

  /** The first column's range: its values less its minimum lie in 0 to this. */
  long leadRange() {
    return range0;
  }

  /**
   * Of the rows {@code from .. from + n} of {@code selection} (those rows when null), the ordinals
   * (0 to n - 1) whose first column's value {@code x}, less its minimum, is in {@code leads}, into
   * {@code ordinals}; returns how many. Each loop a method, as in {@link #pack}.
   */
  int leading(MemorySegment x, MemorySegment selection, int from, int n, KeyBitmap leads, int[] ordinals) {
    return selection == null ? leadingRows(x, from, n, leads, ordinals)
        : leadingSelected(x, selection, from, n, leads, ordinals);
  }

  private int leadingRows(MemorySegment x, int from, int n, KeyBitmap leads, int[] ordinals) {
    int count = 0;
    for (int i = 0; i < n; i++) {
      ordinals[count] = i;
      count += leads.bit(x.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, from + i) - min0);
    }
    return count;
  }

  private int leadingSelected(MemorySegment x, MemorySegment selection, int from, int n, KeyBitmap leads,
      int[] ordinals) {
    int count = 0;
    for (int i = 0; i < n; i++) {
      int row = selection.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, from + i);
      ordinals[count] = i;
      count += leads.bit(x.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, row) - min0);
    }
    return count;
  }

  /**
   * {@link #pack} of the {@code count} rows {@code ordinals} only (ordinals of the rows
   * {@code from ..} of {@code selection}, or of the rows from {@code from} when null): row i's
   * packed key to {@code packed[i]}.
   */
  void packOrdinals(MemorySegment x, MemorySegment y, MemorySegment selection, int from, int[] ordinals, int count,
      long[] packed) {
    if (selection == null) {
      packOrdinalRows(x, y, from, ordinals, count, packed);
    } else {
      packOrdinalsSelected(x, y, selection, from, ordinals, count, packed);
    }
  }

  private void packOrdinalRows(MemorySegment x, MemorySegment y, int from, int[] ordinals, int count, long[] packed) {
    for (int c = 0; c < count; c++) {
      int i = ordinals[c];
      long d0 = x.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, from + i) - min0;
      long d1 = y.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, from + i) - min1;
      packed[i] = packedOrOutside(d0, d1);
    }
  }

  private void packOrdinalsSelected(MemorySegment x, MemorySegment y, MemorySegment selection, int from,
      int[] ordinals, int count, long[] packed) {
    for (int c = 0; c < count; c++) {
      int i = ordinals[c];
      int row = selection.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, from + i);
      long d0 = x.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, row) - min0;
      long d1 = y.getAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, row) - min1;
      packed[i] = packedOrOutside(d0, d1);
    }
  }

  /** The packed key of a key of two columns, {@code a} and {@code b}, or {@link #OUTSIDE}. */
  long pack(long a, long b) {
    return packedOrOutside(a - min0, b - min1);
  }

  /**
   * {@code d0 | d1 << shift1}, or {@link #OUTSIDE} (all bits set) when either is outside its range,
   * without a branch. Ranges fit in 63 bits together, so each is a non-negative long.
   */
  private long packedOrOutside(long d0, long d1) {
    int inside = BranchFree.inRange(d0, range0) & BranchFree.inRange(d1, range1);
    return d0 | d1 << shift1 | inside - 1L;
  }
}
