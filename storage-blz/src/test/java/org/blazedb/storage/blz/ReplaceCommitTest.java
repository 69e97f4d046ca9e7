package org.blazedb.storage.blz;

import static org.blazedb.storage.blz.BlzTestSupport.row;
import static org.blazedb.storage.blz.BlzTestSupport.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replacing commit (what UPDATE and DELETE write) swaps the table's rows at once; the chunk files
 * it stops using stay for readers of older snapshots until their grace period is over.
 */
class ReplaceCommitTest {
  private static final int CHUNK_ROWS = 4;

  @TempDir Path dir;
  private BlzTable table;

  @BeforeEach
  void create() {
    table = BlzDatabase.open(dir.resolve("db"), true).createTable("t", shape("var * {n: int64}"), CHUNK_ROWS);
    try (TableAppender a = table.appender()) {
      append(a, 0, 10);
      a.commit();
    }
  }

  private static void append(TableAppender a, long from, int count) {
    for (long n = from; n < from + count; n++) {
      a.writer("n").appendLong(n);
      a.endRow();
    }
  }

  private static List<Map<String, Object>> rows(long from, long to) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long n = from; n < to; n++) {
      rows.add(row("n", n));
    }
    return rows;
  }

  @Test
  void replacesAllRowsAndKeepsOldFilesForOldSnapshots() {
    TableSnapshot before = table.snapshot();
    Set<String> oldFiles = BlzTestSupport.referencedChunkFiles(table);
    try (TableAppender a = table.appender()) {
      a.replaceAll();
      append(a, 100, 5);
      a.commit();
    }
    BlzTestSupport.assertRows(table, rows(100, 105));
    assertEquals(5, table.snapshot().rows());
    assertEquals(oldFiles, table.snapshot().manifest().retired().keySet());

    try (TableAppender a = table.appender()) { // the next writer cleans up, but not the retired files
      append(a, 105, 1);
      a.commit();
    }
    assertTrue(BlzTestSupport.chunkFiles(table).containsAll(oldFiles));
    try (var reader = before.rowReader()) { // a reader of the old version still reads it whole
      long n = 0;
      while (reader.hasNext()) {
        assertEquals(n++, reader.next().get("n"));
      }
      assertEquals(10, n);
    }
    BlzTestSupport.assertRows(table, rows(100, 106));
  }

  @Test
  void retiredFilesOutliveTheirGraceOnlyUntilTheNextWriter() throws Exception {
    try (TableAppender a = table.appender()) {
      a.replaceAll();
      append(a, 0, 2);
      a.commit();
    }
    // Age the retired entries as if the grace period had passed.
    Manifest m = table.snapshot().manifest();
    Map<String, Long> aged = new java.util.HashMap<>();
    m.retired().forEach((f, at) -> aged.put(f, at - TableAppender.RETIRED_GRACE_MILLIS - 1));
    // As a new version: a published manifest never changes, and readers cache them on that basis.
    Manifest old = new Manifest(m.version() + 1, m.rows(), m.nextChunk(), m.columns(), aged);
    Files.write(table.dir().resolve(TableFiles.manifestName(m.version() + 1)), ManifestCodec.write(old));

    try (TableAppender a = table.appender()) {
      append(a, 2, 1);
      a.commit();
    }
    assertEquals(BlzTestSupport.referencedChunkFiles(table), BlzTestSupport.chunkFiles(table));
    assertTrue(table.snapshot().manifest().retired().isEmpty());
  }

  @Test
  void replacingWithNothingEmptiesTheTable() {
    try (TableAppender a = table.appender()) {
      a.replaceAll();
      a.commit();
    }
    assertEquals(0, table.snapshot().rows());
    assertEquals(List.of(), BlzTestSupport.readAll(table));
  }

  @Test
  void anAbortedReplaceChangesNothing() {
    try (TableAppender a = table.appender()) {
      a.replaceAll();
      append(a, 50, 9);
    }
    BlzTestSupport.assertRows(table, rows(0, 10));
    try (TableAppender a = table.appender()) { // and the flag does not outlive the abort
      a.replaceAll();
      a.abort();
      append(a, 10, 1);
      a.commit();
    }
    BlzTestSupport.assertRows(table, rows(0, 11));
  }

  @Test
  void keysAreKeptInTheTableDescription() {
    BlzDatabase db = BlzDatabase.open(dir.resolve("db"), false);
    List<TableKey> keys = List.of(new TableKey(null, true, List.of("a")), new TableKey("u", false, List.of("b", "c")));
    db.createTable("k", new TableMeta(shape("var * {a: int32, b: ?string, c: ?int64}"), 8, keys));
    assertEquals(keys, db.table("k").keys());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> db.createTable("bad",
        new TableMeta(shape("var * {a: int32}"), 8, List.of(new TableKey(null, false, List.of("zz"))))));
    assertTrue(e.getMessage().contains("no column 'zz'"), e.getMessage());
  }
}
