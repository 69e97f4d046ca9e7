package org.blazedb.storage.blz;

import static org.blazedb.storage.blz.BlzTestSupport.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-chunk min/max in the manifest let a scan skip chunks that cannot match. */
class ChunkSkippingTest {
  @TempDir Path dir;

  private BlzTable table(String shape, int chunkRows) {
    return BlzDatabase.open(dir.resolve("db"), true).createTable("t", shape(shape), chunkRows);
  }

  /** A fresh snapshot from a reopened database: statistics must survive the manifest's round trip. */
  private TableSnapshot reopened() {
    return BlzDatabase.open(dir.resolve("db"), false).table("t").snapshot();
  }

  private static Predicate<ChunkMeta> overlaps(long low, long high) {
    return c -> (Long) c.max() >= low && (Long) c.min() <= high;
  }

  @Test
  void sortedInt64() {
    BlzTable t = table("var * {n: int64}", 10);
    try (TableAppender a = t.appender()) {
      for (long n = 0; n < 100; n++) {
        a.writer("n").appendLong(n);
        a.endRow();
      }
      a.commit();
    }
    TableSnapshot s = reopened();
    assertEquals(10, s.chunks("n").size());
    assertArrayEquals(new int[] {3, 4, 5}, s.chunksToScan("n", overlaps(35, 52)));
    assertArrayEquals(new int[] {0}, s.chunksToScan("n", overlaps(Long.MIN_VALUE, 0)));
    assertArrayEquals(new int[] {9}, s.chunksToScan("n", overlaps(99, 99)));
    assertArrayEquals(new int[] {}, s.chunksToScan("n", overlaps(100, Long.MAX_VALUE)));
    assertArrayEquals(IntStream.range(0, 10).toArray(), s.chunksToScan("n", overlaps(-5, 1000)));
    for (int i = 0; i < 10; i++) {
      assertEquals(i * 10L, s.chunks("n").get(i).min());
      assertEquals(i * 10L + 9, s.chunks("n").get(i).max());
    }
  }

  /**
   * Random values with nulls, over several commits: each chunk's min/max are exactly those of its
   * values, so a point lookup scans precisely the chunks whose range holds the key and never skips
   * one that holds it.
   */
  @Test
  void randomValuesWithNulls() {
    BlzTable t = table("var * {n: ?int64}", 16);
    Random random = new Random(5);
    List<Long> values = new ArrayList<>();
    try (TableAppender a = t.appender()) {
      for (int commit = 0; commit < 3; commit++) {
        for (int i = 0; i < 150; i++) {
          // rows 32..47 of the first commit are all missing: a chunk with no statistics
          Long v = (commit == 0 && i >= 32 && i < 48) || random.nextInt(7) == 0 ? null
              : random.nextLong(-1_000_000_000_000L, 1_000_000_000_000L);
          if (v == null) {
            a.writer("n").appendNull();
          } else {
            a.writer("n").appendLong(v);
          }
          a.endRow();
          values.add(v);
        }
        a.commit();
      }
    }
    TableSnapshot s = reopened();
    List<ChunkMeta> chunks = s.chunks("n");
    List<List<Long>> byChunk = new ArrayList<>();
    int at = 0;
    for (ChunkMeta c : chunks) {
      byChunk.add(values.subList(at, at + c.rows()));
      at += c.rows();
    }
    assertEquals(values.size(), at);
    for (int i = 0; i < chunks.size(); i++) {
      List<Long> present = byChunk.get(i).stream().filter(java.util.Objects::nonNull).toList();
      ChunkMeta c = chunks.get(i);
      assertEquals(byChunk.get(i).size() - present.size(), c.nullCount(), "nulls of chunk " + i);
      if (present.isEmpty()) {
        assertNull(c.min(), "an all-null chunk has no statistics");
      } else {
        assertEquals(present.stream().min(Long::compare).orElseThrow(), c.min(), "min of chunk " + i);
        assertEquals(present.stream().max(Long::compare).orElseThrow(), c.max(), "max of chunk " + i);
      }
    }
    for (int probe = 0; probe < 50; probe++) {
      Long key = values.get(random.nextInt(values.size()));
      long k = key == null ? 0 : key;
      int[] scan = s.chunksToScan("n", overlaps(k, k));
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < chunks.size(); i++) {
        List<Long> present = byChunk.get(i).stream().filter(java.util.Objects::nonNull).toList();
        boolean mayHold = present.isEmpty()
            || (present.stream().min(Long::compare).get() <= k && present.stream().max(Long::compare).get() >= k);
        if (mayHold) {
          expected.add(i);
        }
        if (byChunk.get(i).contains(k)) {
          assertTrue(contains(scan, i),
              "chunk " + i + " holds " + k + " but would be skipped");
        }
      }
      assertEquals(expected, IntStream.of(scan).boxed().toList(), "chunks to scan for " + k);
    }
  }

  private static boolean contains(int[] scan, int i) {
    return IntStream.of(scan).anyMatch(x -> x == i);
  }

  /** uint64 values above Long.MAX_VALUE would break signed bounds: such chunks keep none and are scanned. */
  @Test
  void uint64KeepsNoStatistics() {
    BlzTable t = table("var * {u: uint64, d: float64, s: string}", 4);
    try (TableAppender a = t.appender()) {
      for (int i = 0; i < 12; i++) {
        a.writer("u").appendLong(new BigInteger("18446744073709551615").subtract(BigInteger.valueOf(i)).longValue());
        a.writer("d").appendDouble(i * 0.5);
        a.writer("s").appendString(i < 8 ? "k" + i : "x".repeat(100));
        a.endRow();
      }
      a.commit();
    }
    TableSnapshot s = reopened();
    assertTrue(s.chunks("u").stream().allMatch(c -> c.min() == null && c.max() == null));
    assertArrayEquals(new int[] {0, 1, 2}, s.chunksToScan("u", c -> false));
    // float and string statistics
    assertEquals(2.0, s.chunks("d").get(1).min());
    assertEquals(3.5, s.chunks("d").get(1).max());
    assertArrayEquals(new int[] {2}, s.chunksToScan("d", c -> (Double) c.max() >= 5.2));
    assertEquals("k4", s.chunks("s").get(1).min());
    assertEquals("k7", s.chunks("s").get(1).max());
    assertNull(s.chunks("s").get(2).min(), "strings over 64 bytes give no bound");
    assertArrayEquals(new int[] {1, 2}, s.chunksToScan("s", c -> ((String) c.max()).compareTo("k5") >= 0));
  }
}
