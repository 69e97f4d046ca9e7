package org.blazedb.engine.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** UTF-8 bytes compare and equal as Java strings do, surrogate pairs against U+E000..U+FFFF included; ASCII is found 8 bytes at a time. */
class Utf8Test {
  private static final int[] CODE_POINTS = {'a', 'b', 0xE9, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000,
      0x1F600, 0x10FFFF};

  @Test
  void ordersAsStringCompareTo() {
    Random random = new Random(3);
    for (int t = 0; t < 20_000; t++) {
      String a = string(random);
      String b = switch (random.nextInt(5)) {
        case 0 -> a;
        case 1 -> a + string(random); // a long common prefix, compared in bulk past 32 bytes
        case 2 -> changed(a, random); // differing at any byte of a word
        default -> string(random);
      };
      byte[] x = a.getBytes(StandardCharsets.UTF_8);
      byte[] y = b.getBytes(StandardCharsets.UTF_8);
      int actual = Utf8.compare(MemorySegment.ofArray(x), 0, x.length, MemorySegment.ofArray(y), 0, y.length);
      assertEquals(Integer.signum(a.compareTo(b)), actual, a + " vs " + b);
      assertEquals(a.equals(b), Utf8.equal(Vector.of(a), 0, Vector.of(b), 0), a + " = " + b);
      int common = 0;
      while (common < Math.min(x.length, y.length) && x[common] == y[common]) {
        common++;
      }
      for (int same : new int[] {Math.min(common, 8), common, common + 1}) { // known equal, or all of the shorter
        if (same <= common || common == Math.min(x.length, y.length)) {
          assertEquals(Integer.signum(a.compareTo(b)), Integer.signum(Utf8.compare(Vector.of(a), 0, Vector.of(b), 0, same)),
              a + " vs " + b + " past " + same + " bytes");
        }
      }
    }
  }

  @Test
  void asciiIsTheBytesBelow0x80() {
    byte[] bytes = "abcdefghij-é-klmnopqrstuvwxyz".getBytes(StandardCharsets.UTF_8);
    MemorySegment data = MemorySegment.ofArray(bytes);
    int accent = "abcdefghij-".length(); // é takes bytes 11 and 12
    for (int from = 0; from <= bytes.length; from++) {
      for (int to = from; to <= bytes.length; to++) {
        assertEquals(to <= accent || from >= accent + 2 || from == to, Utf8.isAscii(data, from, to), from + ".." + to);
      }
    }
  }

  /** {@code s} with one code point replaced, or one more at its end if it is empty. */
  private static String changed(String s, Random random) {
    int[] points = s.codePoints().toArray();
    if (points.length == 0) {
      return string(random) + "a";
    }
    points[random.nextInt(points.length)] = CODE_POINTS[random.nextInt(CODE_POINTS.length)];
    return new String(points, 0, points.length);
  }

  private static String string(Random random) {
    StringBuilder s = new StringBuilder();
    for (int i = random.nextInt(random.nextBoolean() ? 4 : 24); i > 0; i--) {
      s.appendCodePoint(CODE_POINTS[random.nextInt(CODE_POINTS.length)]);
    }
    return s.toString();
  }
}
