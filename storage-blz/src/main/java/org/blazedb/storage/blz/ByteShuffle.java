package org.blazedb.storage.blz;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Byte-shuffle (as in Blosc): byte k of every value is gathered into plane k, so the slowly varying
 * high bytes of numbers form long runs that LZ4 compresses well.
 */
final class ByteShuffle {
  private ByteShuffle() {}

  /** Shuffles {@code count} values of {@code width} bytes from {@code src} into {@code dst}. */
  static void shuffle(byte[] src, int srcOffset, byte[] dst, int count, int width) {
    for (int i = 0; i < count; i++) {
      int base = srcOffset + i * width;
      for (int b = 0; b < width; b++) {
        dst[b * count + i] = src[base + b];
      }
    }
  }

  /** Inverse of {@link #shuffle}, from off-heap planes into off-heap values. */
  static void unshuffle(MemorySegment src, MemorySegment dst, int count, int width) {
    if (width == 8) {
      unshuffle8(src, dst, count);
      return;
    }
    for (int b = 0; b < width; b++) {
      long plane = (long) b * count;
      for (int i = 0; i < count; i++) {
        dst.set(ValueLayout.JAVA_BYTE, (long) i * width + b, src.get(ValueLayout.JAVA_BYTE, plane + i));
      }
    }
  }

  // The common case (int64/float64/datetime) composes whole longs: one store per value.
  private static void unshuffle8(MemorySegment src, MemorySegment dst, int n) {
    for (int i = 0; i < n; i++) {
      long v = 0;
      for (int b = 7; b >= 0; b--) {
        v = (v << 8) | (src.get(ValueLayout.JAVA_BYTE, (long) b * n + i) & 0xffL);
      }
      dst.set(ValueLayout.JAVA_LONG_UNALIGNED, (long) i * 8, v);
    }
  }
}
