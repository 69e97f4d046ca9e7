package org.blazedb.storage.blz;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.lang.foreign.ValueLayout;

/**
 * Byte-shuffle (as in Blosc): byte k of every value is gathered into plane k, so the slowly varying
 * high bytes of numbers form long runs that LZ4 compresses well.
 */
final class ByteShuffle {
  private ByteShuffle() {}

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Shuffles {@code count} values of {@code width} bytes from {@code src} into {@code dst}. */
  static void shuffle(byte[] src, int srcOffset, byte[] dst, int count, int width) {
    int start = 0;
    if (width == 8) {
      long[] rows = new long[8];
      for (; start + 8 <= count; start += 8) {
        for (int j = 0; j < 8; j++) {
          rows[j] = (long) LONGS.get(src, srcOffset + (start + j) * 8);
        }
        transpose8x8(rows);
        for (int b = 0; b < 8; b++) {
          LONGS.set(dst, b * count + start, rows[b]);
        }
      }
    }
    for (int i = start; i < count; i++) {
      int base = srcOffset + i * width;
      for (int b = 0; b < width; b++) {
        dst[b * count + i] = src[base + b];
      }
    }
  }

  /**
   * Transposes the 8x8 byte matrix whose row r is {@code rows[r]} (byte c of a long being column c):
   * swaps bytes between rows 1 apart, then 16-bit pairs 2 apart, then 32-bit halves 4 apart.
   */
  static void transpose8x8(long[] r) {
    final long bytes = 0x00FF00FF00FF00FFL;
    final long pairs = 0x0000FFFF0000FFFFL;
    final long halves = 0x00000000FFFFFFFFL;
    swap(r, 0, 1, 8, bytes);
    swap(r, 2, 3, 8, bytes);
    swap(r, 4, 5, 8, bytes);
    swap(r, 6, 7, 8, bytes);
    swap(r, 0, 2, 16, pairs);
    swap(r, 1, 3, 16, pairs);
    swap(r, 4, 6, 16, pairs);
    swap(r, 5, 7, 16, pairs);
    swap(r, 0, 4, 32, halves);
    swap(r, 1, 5, 32, halves);
    swap(r, 2, 6, 32, halves);
    swap(r, 3, 7, 32, halves);
  }

  /** Exchanges the high units of row a with the low units of row b. */
  private static void swap(long[] r, int a, int b, int shift, long mask) {
    long t = ((r[a] >>> shift) ^ r[b]) & mask;
    r[b] ^= t;
    r[a] ^= t << shift;
  }

  /** How many of the highest planes of shuffled {@code planes} hold only zero bytes (at most width - 1). */
  static int zeroHighPlanes(byte[] planes, int count, int width) {
    int zero = 0;
    for (int b = width - 1; b > 0; b--) {
      for (int i = b * count, end = i + count; i < end; i++) {
        if (planes[i] != 0) {
          return zero;
        }
      }
      zero++;
    }
    return zero;
  }

  /**
   * Inverse of {@link #shuffle}, from off-heap planes into off-heap values, when only the lowest
   * {@code kept} planes are in {@code src} and the others are zero. {@code src} must have room for
   * all {@code width} planes: the gap up to a fast path's plane count is zeroed there.
   */
  static void unshuffle(MemorySegment src, MemorySegment dst, int count, int width, int kept) {
    int planes = kept <= 2 && width >= 4 ? 2 : kept <= 4 && width == 8 ? 4 : width;
    src.asSlice((long) kept * count, (long) (planes - kept) * count).fill((byte) 0);
    int done = switch (width * 10 + planes) {
      case 82, 42 -> unshuffle2(src, dst, count, width);
      case 84, 44 -> unshuffle4(src, dst, count, width);
      case 88 -> unshuffle8(src, dst, count);
      default -> 0;
    };
    // The rest, value by value: the tail after the fast path's blocks, or all of an odd width.
    for (int i = done; i < count; i++) {
      for (int b = 0; b < width; b++) {
        byte value = b < planes ? src.get(ValueLayout.JAVA_BYTE, (long) b * count + i) : 0;
        dst.set(ValueLayout.JAVA_BYTE, (long) i * width + b, value);
      }
    }
  }

  /**
   * Values of two significant bytes (dates, quantities, codes) into 4- or 8-byte values, eight at a
   * time: one byte swap leaves values 0, 2, 4, 6 in the 16-bit units of one long and 1, 3, 5, 7 in
   * the other's. Returns how many values it did.
   */
  private static int unshuffle2(MemorySegment src, MemorySegment dst, int n, int width) {
    int blocks = n / 8;
    for (int blk = 0; blk < blocks; blk++) {
      long at = (long) blk * 8;
      long even = src.get(ValueLayout.JAVA_LONG_UNALIGNED, at);
      long odd = src.get(ValueLayout.JAVA_LONG_UNALIGNED, n + at);
      long t = ((even >>> 8) ^ odd) & 0x00FF00FF00FF00FFL;
      odd ^= t;
      even ^= t << 8;
      long out = at * width;
      for (int j = 0; j < 4; j++) {
        long a = even >>> (16 * j) & 0xFFFF;
        long b = odd >>> (16 * j) & 0xFFFF;
        if (width == 8) {
          dst.set(ValueLayout.JAVA_LONG_UNALIGNED, out + 16L * j, a);
          dst.set(ValueLayout.JAVA_LONG_UNALIGNED, out + 16L * j + 8, b);
        } else {
          dst.set(ValueLayout.JAVA_LONG_UNALIGNED, out + 8L * j, a | b << 32);
        }
      }
    }
    return blocks * 8;
  }

  /**
   * Values of four significant bytes, eight at a time: the first two steps of the 8x8 transpose over
   * the four planes leave row j holding value j in its low half and value j + 4 in its high half.
   * Written as int32/float32/date values, or widened to 8 bytes (keys, prices in cents) when the
   * four high planes were zero. Returns how many values it did.
   */
  private static int unshuffle4(MemorySegment src, MemorySegment dst, int n, int width) {
    long stride = n;
    int blocks = n / 8;
    final long low = 0x00000000FFFFFFFFL;
    for (int blk = 0; blk < blocks; blk++) {
      long at = (long) blk * 8;
      long r0 = src.get(ValueLayout.JAVA_LONG_UNALIGNED, at);
      long r1 = src.get(ValueLayout.JAVA_LONG_UNALIGNED, stride + at);
      long r2 = src.get(ValueLayout.JAVA_LONG_UNALIGNED, 2 * stride + at);
      long r3 = src.get(ValueLayout.JAVA_LONG_UNALIGNED, 3 * stride + at);
      long t;
      t = ((r0 >>> 8) ^ r1) & 0x00FF00FF00FF00FFL; r1 ^= t; r0 ^= t << 8;
      t = ((r2 >>> 8) ^ r3) & 0x00FF00FF00FF00FFL; r3 ^= t; r2 ^= t << 8;
      t = ((r0 >>> 16) ^ r2) & 0x0000FFFF0000FFFFL; r2 ^= t; r0 ^= t << 16;
      t = ((r1 >>> 16) ^ r3) & 0x0000FFFF0000FFFFL; r3 ^= t; r1 ^= t << 16;
      long out = at * width;
      if (width == 4) {
        dst.set(ValueLayout.JAVA_LONG_UNALIGNED, out, (r0 & low) | (r1 << 32));
        dst.set(ValueLayout.JAVA_LONG_UNALIGNED, out + 8, (r2 & low) | (r3 << 32));
        dst.set(ValueLayout.JAVA_LONG_UNALIGNED, out + 16, (r0 >>> 32) | (r1 & ~low));
        dst.set(ValueLayout.JAVA_LONG_UNALIGNED, out + 24, (r2 >>> 32) | (r3 & ~low));
      } else {
        dst.set(ValueLayout.JAVA_LONG_UNALIGNED, out, r0 & low);
        dst.set(ValueLayout.JAVA_LONG_UNALIGNED, out + 8, r1 & low);
        dst.set(ValueLayout.JAVA_LONG_UNALIGNED, out + 16, r2 & low);
        dst.set(ValueLayout.JAVA_LONG_UNALIGNED, out + 24, r3 & low);
        dst.set(ValueLayout.JAVA_LONG_UNALIGNED, out + 32, r0 >>> 32);
        dst.set(ValueLayout.JAVA_LONG_UNALIGNED, out + 40, r1 >>> 32);
        dst.set(ValueLayout.JAVA_LONG_UNALIGNED, out + 48, r2 >>> 32);
        dst.set(ValueLayout.JAVA_LONG_UNALIGNED, out + 56, r3 >>> 32);
      }
    }
    return blocks * 8;
  }

  // The common case (int64/float64/datetime): eight values at a time, as an 8x8 byte transpose of
  // one long from each plane, so each value costs one load and one store instead of 16 byte moves.
  // The transpose is inlined by hand (see transpose8x8): in registers, with no array per block.
  private static int unshuffle8(MemorySegment src, MemorySegment dst, int n) {
    long stride = n;
    int blocks = n / 8;
    for (int blk = 0; blk < blocks; blk++) {
      long at = (long) blk * 8;
      long r0 = src.get(ValueLayout.JAVA_LONG_UNALIGNED, at);
      long r1 = src.get(ValueLayout.JAVA_LONG_UNALIGNED, stride + at);
      long r2 = src.get(ValueLayout.JAVA_LONG_UNALIGNED, 2 * stride + at);
      long r3 = src.get(ValueLayout.JAVA_LONG_UNALIGNED, 3 * stride + at);
      long r4 = src.get(ValueLayout.JAVA_LONG_UNALIGNED, 4 * stride + at);
      long r5 = src.get(ValueLayout.JAVA_LONG_UNALIGNED, 5 * stride + at);
      long r6 = src.get(ValueLayout.JAVA_LONG_UNALIGNED, 6 * stride + at);
      long r7 = src.get(ValueLayout.JAVA_LONG_UNALIGNED, 7 * stride + at);
      long t;
      // Swap bytes between rows 1 apart, then 16-bit pairs 2 apart, then 32-bit halves 4 apart.
      t = ((r0 >>> 8) ^ r1) & 0x00FF00FF00FF00FFL; r1 ^= t; r0 ^= t << 8;
      t = ((r2 >>> 8) ^ r3) & 0x00FF00FF00FF00FFL; r3 ^= t; r2 ^= t << 8;
      t = ((r4 >>> 8) ^ r5) & 0x00FF00FF00FF00FFL; r5 ^= t; r4 ^= t << 8;
      t = ((r6 >>> 8) ^ r7) & 0x00FF00FF00FF00FFL; r7 ^= t; r6 ^= t << 8;
      t = ((r0 >>> 16) ^ r2) & 0x0000FFFF0000FFFFL; r2 ^= t; r0 ^= t << 16;
      t = ((r1 >>> 16) ^ r3) & 0x0000FFFF0000FFFFL; r3 ^= t; r1 ^= t << 16;
      t = ((r4 >>> 16) ^ r6) & 0x0000FFFF0000FFFFL; r6 ^= t; r4 ^= t << 16;
      t = ((r5 >>> 16) ^ r7) & 0x0000FFFF0000FFFFL; r7 ^= t; r5 ^= t << 16;
      t = ((r0 >>> 32) ^ r4) & 0x00000000FFFFFFFFL; r4 ^= t; r0 ^= t << 32;
      t = ((r1 >>> 32) ^ r5) & 0x00000000FFFFFFFFL; r5 ^= t; r1 ^= t << 32;
      t = ((r2 >>> 32) ^ r6) & 0x00000000FFFFFFFFL; r6 ^= t; r2 ^= t << 32;
      t = ((r3 >>> 32) ^ r7) & 0x00000000FFFFFFFFL; r7 ^= t; r3 ^= t << 32;
      long out = at * 8;
      dst.set(ValueLayout.JAVA_LONG_UNALIGNED, out, r0);
      dst.set(ValueLayout.JAVA_LONG_UNALIGNED, out + 8, r1);
      dst.set(ValueLayout.JAVA_LONG_UNALIGNED, out + 16, r2);
      dst.set(ValueLayout.JAVA_LONG_UNALIGNED, out + 24, r3);
      dst.set(ValueLayout.JAVA_LONG_UNALIGNED, out + 32, r4);
      dst.set(ValueLayout.JAVA_LONG_UNALIGNED, out + 40, r5);
      dst.set(ValueLayout.JAVA_LONG_UNALIGNED, out + 48, r6);
      dst.set(ValueLayout.JAVA_LONG_UNALIGNED, out + 56, r7);
    }
    return blocks * 8;
  }
}
