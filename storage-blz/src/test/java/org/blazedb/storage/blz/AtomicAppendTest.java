package org.blazedb.storage.blz;

import static org.blazedb.storage.blz.BlzTestSupport.row;
import static org.blazedb.storage.blz.BlzTestSupport.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An append is all or nothing: uncommitted rows are invisible and their chunks go away. */
class AtomicAppendTest {
  private static final int CHUNK_ROWS = 4;

  @TempDir Path dir;
  private BlzDatabase db;
  private BlzTable table;

  @BeforeEach
  void create() {
    db = BlzDatabase.open(dir.resolve("db"), true);
    table = db.createTable("t", shape("var * {n: int64, s: ?string}"), CHUNK_ROWS);
  }

  private static void append(TableAppender a, long from, int count) {
    for (long n = from; n < from + count; n++) {
      a.writer("n").appendLong(n);
      a.writer("s").appendString("s" + n);
      a.endRow();
    }
  }

  private static List<Map<String, Object>> rows(long count) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long n = 0; n < count; n++) {
      rows.add(row("n", n, "s", "s" + n));
    }
    return rows;
  }

  @Test
  void closedWithoutCommitChangesNothing() {
    try (TableAppender a = table.appender()) {
      append(a, 0, 10);
      a.commit();
    }
    Set<String> committedFiles = BlzTestSupport.chunkFiles(table);
    assertEquals(BlzTestSupport.referencedChunkFiles(table), committedFiles);

    try (TableAppender a = table.appender()) {
      append(a, 10, 3 * CHUNK_ROWS + 1); // three full chunks per column are written at once
      assertTrue(BlzTestSupport.chunkFiles(table).size() >= committedFiles.size() + 6,
          "full chunks are on disk before the commit: " + BlzTestSupport.chunkFiles(table));
      assertEquals(10, table.snapshot().rows(), "uncommitted rows are invisible");
    }
    assertEquals(10, table.snapshot().rows());
    assertEquals(committedFiles, BlzTestSupport.chunkFiles(table), "the uncommitted chunks are removed");
    BlzTestSupport.assertRows(table, rows(10));
  }

  @Test
  void abortThenGoOn() {
    try (TableAppender a = table.appender()) {
      append(a, 0, 6);
      a.commit();
      append(a, 100, 9);
      a.abort();
      assertEquals(0, a.pendingRows());
      append(a, 6, 5);
      a.commit();
    }
    BlzTestSupport.assertRows(table, rows(11));
    assertEquals(BlzTestSupport.referencedChunkFiles(table), BlzTestSupport.chunkFiles(table));
  }

  @Test
  void snapshotsDoNotChange() {
    try (TableAppender a = table.appender()) {
      append(a, 0, 5);
      a.commit();
      TableSnapshot before = table.snapshot();
      append(a, 5, 7);
      a.commit();
      assertEquals(5, before.rows());
      List<Map<String, Object>> old = new ArrayList<>();
      try (var reader = before.rowReader()) {
        while (reader.hasNext()) {
          old.add(reader.next());
        }
      }
      assertEquals(rows(5), old, "an older snapshot still reads its rows after later commits");
      assertEquals(12, table.snapshot().rows());
    }
  }

  @Test
  void oneWriterAtATime() {
    try (TableAppender a = table.appender()) {
      BlzException e = assertThrows(BlzException.class, table::appender);
      assertTrue(e.getMessage().contains("another writer"), e.getMessage());
      append(a, 0, 2);
      a.commit();
    }
    try (TableAppender again = table.appender()) { // the lock is released on close
      append(again, 2, 1);
      again.commit();
    }
    BlzTestSupport.assertRows(table, rows(3));
  }

  @Test
  void droppedTableIsGone() {
    try (TableAppender a = table.appender()) {
      append(a, 0, 2);
      a.commit();
    }
    db.dropTable("t");
    assertFalse(db.exists("t"));
    assertEquals(List.of(), BlzTestSupport.entries(db.dir()));
    assertThrows(BlzException.class, () -> db.table("t"));
  }
}
