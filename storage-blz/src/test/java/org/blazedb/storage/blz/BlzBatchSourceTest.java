package org.blazedb.storage.blz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.blazedb.engine.exec.BatchSource;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.engine.vector.Vector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlzBatchSourceTest {
  private static final String SHAPE = "var * {n: int32, big: int64, s: ?string}";

  @TempDir
  Path dir;

  private static String json(int rows, int salt) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < rows; i++) {
      sb.append(i == 0 ? "" : ",").append("{\"n\": ").append(i * salt - 50).append(", \"big\": ")
          .append(i * 1_000_000_007L * salt).append(", \"s\": ").append(i % 3 == 0 ? "null" : "\"s" + i * salt + "\"")
          .append("}");
    }
    return sb.append("]").toString();
  }

  /** A source of all of {@code n, big, s}. */
  private static BlzBatchSource source(BlzTable table, DecodedChunkCache cache) {
    TableSnapshot snapshot = table.snapshot();
    ColumnLayout layout = table.layout();
    return new BlzBatchSource(snapshot, List.of(layout.column("n"), layout.column("big"), layout.column("s")),
        List.of(ValueType.INTEGER, ValueType.BIGINT, ValueType.VARCHAR), snapshot.chunksToScan("n", c -> true), cache);
  }

  /** Every row of {@code n, big, s} read through batches, as text. */
  private static List<String> scan(BlzTable table) {
    BlzBatchSource source = source(table, DecodedChunkCache.shared());
    List<String> rows = new ArrayList<>();
    try (BatchSource.Reader reader = source.open()) {
      for (int m = 0; m < source.morsels(); m++) {
        rows.addAll(rows(reader.read(m)));
      }
    }
    return rows;
  }

  private static List<String> rows(Batch b) {
    Vector[] v = b.columns();
    List<String> rows = new ArrayList<>();
    for (int r = 0; r < b.rows(); r++) {
      rows.add(v[0].getLong(r) + " " + v[1].getLong(r) + " " + (v[2].isValid(r) ? v[2].getString(r) : "null"));
    }
    return rows;
  }

  private static List<String> expected(int rows, int salt) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      out.add((i * salt - 50) + " " + i * 1_000_000_007L * salt + " " + (i % 3 == 0 ? "null" : "s" + i * salt));
    }
    return out;
  }

  @Test
  void aSecondScanReadsTheCachedChunksAndAgrees() {
    BlzDatabase db = BlzDatabase.open(dir.resolve("db"), true);
    BlzTable table = BlzTestSupport.loadJson(db, dir, "t", SHAPE, 16, json(100, 3));
    DecodedChunkCache.Stats before = DecodedChunkCache.shared().stats();
    assertEquals(expected(100, 3), scan(table));
    DecodedChunkCache.Stats between = DecodedChunkCache.shared().stats();
    assertEquals(expected(100, 3), scan(table));
    DecodedChunkCache.Stats after = DecodedChunkCache.shared().stats();

    assertEquals(3 * 7, between.misses() - before.misses(), "7 chunks of 3 columns decoded");
    assertEquals(3 * 7, after.hits() - between.hits(), "and then found");
    assertEquals(between.misses(), after.misses());
  }

  @Test
  void aTableDroppedAndCreatedAgainUnderItsNameIsReadAfresh() {
    BlzDatabase db = BlzDatabase.open(dir.resolve("db"), true);
    assertEquals(expected(40, 3), scan(BlzTestSupport.loadJson(db, dir, "t", SHAPE, 16, json(40, 3))));
    long held = DecodedChunkCache.shared().stats().bytes();
    db.dropTable("t");
    assertTrue(DecodedChunkCache.shared().stats().bytes() < held, "the dropped table's chunks left the cache");
    // the same chunk file names, other values
    assertEquals(expected(40, 5), scan(BlzTestSupport.loadJson(db, dir, "t", SHAPE, 16, json(40, 5))));
  }

  /**
   * Four readers at once, each reading every chunk in its own order, through a cache with room for
   * about three of the table's 25: entries come and go, and none is freed while a batch reads it.
   */
  @Test
  void readersShareACacheTooSmallForTheTable() throws Exception {
    BlzTable table = BlzTestSupport.loadJson(BlzDatabase.open(dir.resolve("db"), true), dir, "t", SHAPE, 16,
        json(400, 7));
    List<String> expected = expected(400, 7);
    DecodedChunkCache small = new DecodedChunkCache(1300);
    BlzBatchSource source = source(table, small);
    List<java.util.concurrent.Callable<Void>> readers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      java.util.Random random = new java.util.Random(t);
      readers.add(() -> {
        try (BatchSource.Reader reader = source.open()) {
          for (int round = 0; round < 20; round++) {
            List<Integer> order = new ArrayList<>(java.util.stream.IntStream.range(0, source.morsels()).boxed().toList());
            java.util.Collections.shuffle(order, random);
            for (int m : order) {
              assertEquals(expected.subList(16 * m, Math.min(400, 16 * m + 16)), rows(reader.read(m)), "chunk " + m);
            }
          }
        }
        return null;
      });
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      for (var done : pool.invokeAll(readers)) {
        done.get();
      }
    } finally {
      pool.shutdown();
    }
    DecodedChunkCache.Stats stats = small.stats();
    assertTrue(stats.bytes() <= 1300 && stats.hits() > 0 && stats.misses() > 25, stats.toString());
    // no pin left behind: a chunk as large as the whole cache evicts every entry
    java.lang.foreign.MemorySegment all = java.lang.foreign.Arena.ofAuto().allocate(1300);
    assertTrue(small.admit(new DecodedChunkCache.Key(dir, "x", "y", 0, 0),
        new DecodedChunkCache.Decoded(all, null, null, null)) != null);
  }
}
