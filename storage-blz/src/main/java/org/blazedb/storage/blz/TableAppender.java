package org.blazedb.storage.blz;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Appends rows to a table. Values go to the {@link #writer(String) column writers}, whose full
 * chunks are written and synced at once; {@link #commit()} then publishes them all by renaming a new
 * manifest into place, so readers see either none or all of the rows of a commit. Holds the
 * table's write lock until closed; closing without a commit drops the uncommitted chunks.
 */
public final class TableAppender implements AutoCloseable, ChunkSink {
  /** Writers in this JVM queue here (file locks only exclude other processes). */
  private static final Map<Path, ReentrantLock> JVM_WRITERS = new ConcurrentHashMap<>();
  private static final long WRITER_WAIT_SECONDS = 60;
  /** How long chunk files a commit stopped using are kept for readers of older versions. */
  public static final long RETIRED_GRACE_MILLIS = TimeUnit.MINUTES.toMillis(10);

  private final BlzTable table;
  private final ReentrantLock jvmWriter;
  private final FileChannel lockChannel;
  private final ChunkEncoder encoder = new ChunkEncoder();
  private final Map<String, ColumnWriter> writers = new LinkedHashMap<>();
  private final Map<String, List<ChunkMeta>> pending = new LinkedHashMap<>();
  private final List<Path> uncommittedFiles = new ArrayList<>();
  private final Set<Path> touchedDirs = new HashSet<>();
  private Manifest committed;
  private long nextChunk;
  private long pendingRows;
  private boolean replacing;

  TableAppender(BlzTable table) {
    this.table = table;
    this.jvmWriter = JVM_WRITERS.computeIfAbsent(table.dir().toAbsolutePath().normalize(), k -> new ReentrantLock());
    try {
      if (!jvmWriter.tryLock(WRITER_WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new BlzException("timed out after " + WRITER_WAIT_SECONDS + " s waiting for the writer of table '"
            + table.name() + "'");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BlzException("interrupted while waiting for the writer of table '" + table.name() + "'", e);
    }
    Path lockFile = table.dir().resolve(TableFiles.LOCK_FILE);
    try {
      lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      jvmWriter.unlock();
      throw new BlzException("cannot open " + lockFile + ": " + e.getMessage(), e);
    }
    FileLock acquired;
    try {
      acquired = lockChannel.tryLock();
    } catch (OverlappingFileLockException | IOException e) {
      acquired = null;
    }
    if (acquired == null) {
      closeQuietly();
      throw new BlzException("table '" + table.name() + "' is being written by another writer");
    }
    try {
      committed = table.snapshot().manifest();
      removeLeftovers();
    } catch (RuntimeException | IOException e) {
      closeQuietly();
      throw e instanceof RuntimeException r ? r : new BlzException("cannot clean " + table.dir(), e);
    }
    nextChunk = committed.nextChunk();
    for (PhysicalColumn column : table.layout().columns()) {
      writers.put(column.path(), new ColumnWriter(column, table.chunkRows(), this, encoder));
    }
  }

  public BlzTable table() {
    return table;
  }

  /** The writer of the stored column at {@code path}. */
  public ColumnWriter writer(String path) {
    ColumnWriter w = writers.get(path);
    if (w == null) {
      throw new IllegalArgumentException("table '" + table.name() + "' has no column '" + path + "'");
    }
    return w;
  }

  /**
   * Appends a missing value at {@code node}: null where the DataShape allows it, and placeholders
   * in the columns below, so the columns of a record stay aligned.
   */
  public void appendAbsent(ColumnNode node) {
    ColumnWriter own = writers.get(node.path());
    if (own != null && (node.nullable() || !(node instanceof ColumnNode.Struct))) {
      if (node.nullable()) {
        own.appendNull();
      } else {
        own.appendPlaceholder();
      }
    }
    if (node instanceof ColumnNode.Struct struct) {
      struct.children().forEach(this::appendAbsent);
    }
  }

  /** Counts a row whose values were all given to the writers. */
  public void endRow() {
    pendingRows++;
  }

  /** Rows appended since the last commit. */
  public long pendingRows() {
    return pendingRows;
  }

  @Override
  public void writeChunk(PhysicalColumn column, ChunkEncoder encoded, ChunkMeta stats) {
    Path dir = table.columnDir(column);
    String name = TableFiles.chunkName(nextChunk++);
    Path file = dir.resolve(name);
    try {
      if (touchedDirs.add(dir)) {
        Files.createDirectories(dir);
      }
      uncommittedFiles.add(file);
      TableFiles.writeDurably(file, encoded.bytes(), encoded.size());
    } catch (IOException e) {
      throw new BlzException("cannot write " + file + ": " + e.getMessage(), e);
    }
    CRC32C crc = new CRC32C();
    crc.update(encoded.bytes(), 0, encoded.size());
    pending.computeIfAbsent(column.path(), k -> new ArrayList<>()).add(new ChunkMeta(
        name, stats.rows(), encoded.size(), stats.rawBytes(), (int) crc.getValue(), stats.nullCount(),
        stats.min(), stats.max(), stats.elements()));
  }

  /**
   * Makes the next commit replace the table's rows with the rows appended for it, instead of
   * adding them (what UPDATE and DELETE commit: the table rewritten).
   */
  public void replaceAll() {
    replacing = true;
  }

  /**
   * Makes every row appended so far visible, atomically, and returns the new committed state.
   *
   * @throws BlzException if the rows given to the writers do not line up (nothing is committed)
   */
  public Manifest commit() {
    writers.values().forEach(ColumnWriter::flush);
    checkAligned(table.layout().root(), pendingRows);
    long now = System.currentTimeMillis();
    Map<String, Long> retired = new LinkedHashMap<>();
    committed.retired().forEach((file, at) -> {
      if (now - at < RETIRED_GRACE_MILLIS) {
        retired.put(file, at);
      }
    });
    Map<String, List<ChunkMeta>> columns = new LinkedHashMap<>();
    for (PhysicalColumn column : table.layout().columns()) {
      List<ChunkMeta> chunks = new ArrayList<>();
      if (replacing) {
        committed.chunks(column.path()).forEach(c -> retired.put(column.folderName() + "/" + c.file(), now));
      } else {
        chunks.addAll(committed.chunks(column.path()));
      }
      chunks.addAll(pending.getOrDefault(column.path(), List.of()));
      columns.put(column.path(), chunks);
    }
    Manifest next = new Manifest(committed.version() + 1, (replacing ? 0 : committed.rows()) + pendingRows,
        nextChunk, columns, retired);
    Path file = table.dir().resolve(TableFiles.manifestName(next.version()));
    try {
      for (Path dir : touchedDirs) {
        TableFiles.syncDirectory(dir);
      }
      TableFiles.publishAtomically(file, ManifestCodec.write(next));
      Files.deleteIfExists(table.dir().resolve(TableFiles.manifestName(committed.version())));
    } catch (IOException e) {
      throw new BlzException("cannot commit to table '" + table.name() + "': " + e.getMessage(), e);
    }
    committed = next;
    clearPending();
    return next;
  }

  /** Drops everything appended since the last commit. */
  public void abort() {
    for (Path file : uncommittedFiles) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // the next writer removes unreferenced files
      }
    }
    clearPending();
  }

  @Override
  public void close() {
    abort();
    closeQuietly();
  }

  private void clearPending() {
    uncommittedFiles.clear();
    pending.clear();
    pendingRows = 0;
    replacing = false;
    writers.values().forEach(ColumnWriter::reset);
  }

  /** Every column must have one row per row of its space (table rows, or its array's elements). */
  private void checkAligned(ColumnNode node, long rows) {
    ColumnWriter own = writers.get(node.path());
    if (own != null && own.rows() != rows) {
      throw new BlzException("internal error: column '" + node.path() + "' of table '" + table.name()
          + "' received " + own.rows() + " values for " + rows + " rows; nothing was committed");
    }
    switch (node) {
      case ColumnNode.Struct s -> s.children().forEach(c -> checkAligned(c, rows));
      case ColumnNode.ListNode l -> checkAligned(l.element(), own.elements());
      case ColumnNode.Leaf leaf -> {}
    }
  }

  /**
   * Removes chunk files the committed manifest neither uses nor keeps as recently retired,
   * temporary files and old manifests.
   */
  private void removeLeftovers() throws IOException {
    for (Long version : TableFiles.manifestVersions(table.dir())) {
      if (version < committed.version()) {
        Files.deleteIfExists(table.dir().resolve(TableFiles.manifestName(version)));
      }
    }
    try (Stream<Path> files = Files.list(table.dir())) {
      for (Path f : files.filter(f -> f.getFileName().toString().endsWith(TableFiles.TEMP_SUFFIX)).toList()) {
        Files.deleteIfExists(f);
      }
    }
    Path colsDir = table.dir().resolve(TableFiles.COLUMNS_DIR);
    Set<String> referenced = new HashSet<>();
    for (PhysicalColumn column : table.layout().columns()) {
      for (ChunkMeta c : committed.chunks(column.path())) {
        referenced.add(column.folderName() + "/" + c.file());
      }
    }
    long now = System.currentTimeMillis();
    committed.retired().forEach((file, at) -> {
      if (now - at < RETIRED_GRACE_MILLIS) {
        referenced.add(file);
      }
    });
    if (!Files.isDirectory(colsDir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(colsDir, 2)) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        String key = f.getParent().getFileName() + "/" + f.getFileName();
        if (!referenced.contains(key)) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  private void closeQuietly() {
    try {
      if (lockChannel.isOpen()) {
        lockChannel.close(); // releases the file lock
        jvmWriter.unlock();
      }
    } catch (IOException ignored) {
      jvmWriter.unlock();
    }
  }
}
