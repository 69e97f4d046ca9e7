package org.blazedb.engine.vector;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** UTF-8 strings compared where they lie, without decoding them into Java strings. */
public final class Utf8 {
  /**
   * Strings up to this many bytes are compared a word at a time, not by MemorySegment.mismatch. Given
   * heap segments (literals, SUBSTRING's results) and off-heap ones (columns) in turn, its call now
   * and then became slow for the rest of a long session: TPC-H Q22 took 20 s instead of 0.2 s in
   * two runs of the benchmark, its profile all in mismatch's short-range path.
   */
  private static final int SHORT = 32;
  /** Eight bytes of a string as a word, its first byte the lowest, on any machine. */
  public static final ValueLayout.OfLong LITTLE_ENDIAN_WORD =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

  private Utf8() {}

  /**
   * Compares as {@link String#compareTo} does (by UTF-16 code units: Calcite's order). UTF-8 bytes
   * compared unsigned give the order of code points, which is the same except where a character of
   * U+E000..U+FFFF (lead byte 0xEE or 0xEF) meets one beyond U+FFFF (lead byte 0xF0 and up), whose
   * UTF-16 surrogates sort first. Equal prefixes end on the same character boundary, so the first
   * differing bytes are both lead bytes or continuations of one lead byte.
   */
  public static int compare(MemorySegment a, long aStart, long aLength, MemorySegment b, long bStart, long bLength) {
    long mismatch = mismatch(a, aStart, aLength, b, bStart, bLength);
    if (mismatch < 0) {
      return 0;
    }
    if (mismatch == aLength || mismatch == bLength) {
      return Long.compare(aLength, bLength);
    }
    int x = a.get(ValueLayout.JAVA_BYTE, aStart + mismatch) & 0xFF;
    int y = b.get(ValueLayout.JAVA_BYTE, bStart + mismatch) & 0xFF;
    if ((x >= 0xF0 && (y == 0xEE || y == 0xEF)) || (y >= 0xF0 && (x == 0xEE || x == 0xEF))) {
      return x >= 0xF0 ? -1 : 1;
    }
    return Integer.compare(x, y);
  }

  /** Whether row {@code a} of {@code v} and row {@code b} of {@code w} hold the same bytes; lengths first. */
  public static boolean equal(Vector v, int a, Vector w, int b) {
    int aStart = v.start(a);
    int bStart = w.start(b);
    int length = v.end(a) - aStart;
    return length == w.end(b) - bStart && mismatch(v.data(), aStart, length, w.data(), bStart, length) < 0;
  }

  /** As {@link MemorySegment#mismatch}, of {@code [start, start + length)} of each. */
  private static long mismatch(MemorySegment a, long aStart, long aLength, MemorySegment b, long bStart, long bLength) {
    long common = Math.min(aLength, bLength);
    if (common > SHORT) {
      return MemorySegment.mismatch(a, aStart, aStart + aLength, b, bStart, bStart + bLength);
    }
    long i = 0;
    for (; i + Long.BYTES <= common; i += Long.BYTES) { // a word at a time; its lowest byte comes first
      long differ = a.get(LITTLE_ENDIAN_WORD, aStart + i) ^ b.get(LITTLE_ENDIAN_WORD, bStart + i);
      if (differ != 0) {
        return i + (Long.numberOfTrailingZeros(differ) >>> 3);
      }
    }
    for (; i < common; i++) {
      if (a.get(ValueLayout.JAVA_BYTE, aStart + i) != b.get(ValueLayout.JAVA_BYTE, bStart + i)) {
        return i;
      }
    }
    return aLength == bLength ? -1 : common;
  }

  /** Row {@code a} of {@code v} against row {@code b} of {@code w}, as {@link #compare} does. */
  public static int compare(Vector v, int a, Vector w, int b) {
    return compare(v, a, w, b, 0);
  }

  /**
   * As {@link #compare(Vector, int, Vector, int)}, where the rows' first {@code same} bytes (or
   * all of the shorter, if it has fewer) are known to be equal: they are not compared again.
   */
  public static int compare(Vector v, int a, Vector w, int b, int same) {
    int aStart = v.start(a);
    int bStart = w.start(b);
    int aLength = v.end(a) - aStart;
    int bLength = w.end(b) - bStart;
    int skip = Math.min(same, Math.min(aLength, bLength));
    return compare(v.data(), aStart + skip, aLength - skip, w.data(), bStart + skip, bLength - skip);
  }

  /** Whether {@code data} holds {@code bytes} from {@code at}. */
  public static boolean holdsAt(MemorySegment data, long at, byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      if (data.get(ValueLayout.JAVA_BYTE, at + i) != bytes[i]) {
        return false;
      }
    }
    return true;
  }

  /** Where {@code bytes} first start within {@code [from, to)} of {@code data}, or -1. */
  public static long indexOf(MemorySegment data, long from, long to, byte[] bytes) {
    for (long at = from; at + bytes.length <= to; at++) {
      if (holdsAt(data, at, bytes)) {
        return at;
      }
    }
    return -1;
  }

  /** Whether bytes {@code [from, to)} of {@code data} are all ASCII, so that each is one character. */
  public static boolean isAscii(MemorySegment data, long from, long to) {
    long at = from;
    for (; at + 8 <= to; at += 8) {
      if ((data.get(ValueLayout.JAVA_LONG_UNALIGNED, at) & 0x8080808080808080L) != 0) {
        return false;
      }
    }
    for (; at < to; at++) {
      if (data.get(ValueLayout.JAVA_BYTE, at) < 0) {
        return false;
      }
    }
    return true;
  }
}
