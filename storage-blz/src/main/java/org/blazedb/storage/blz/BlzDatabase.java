package org.blazedb.storage.blz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.blazedb.engine.datashape.DataShape;

/** A database: a directory with one sub-directory per table. */
public final class BlzDatabase {
  /** 64K rows per chunk: see the storage benchmark in the README for the measurement behind it. */
  public static final int DEFAULT_CHUNK_ROWS = 1 << 16;
  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final String STAGING_PREFIX = ".staging-";

  private final Path dir;

  private BlzDatabase(Path dir) {
    this.dir = dir;
  }

  /**
   * Opens the database in {@code dir}.
   *
   * @param create whether to create the directory when it does not exist
   */
  public static BlzDatabase open(Path dir, boolean create) {
    if (!Files.isDirectory(dir)) {
      if (!create) {
        throw new BlzException("no database at " + dir + " (it is created only when asked to)");
      }
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new BlzException("cannot create database directory " + dir + ": " + e.getMessage(), e);
      }
    }
    return new BlzDatabase(dir);
  }

  public Path dir() {
    return dir;
  }

  /** The tables, sorted by name. */
  public List<String> tableNames() {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(p -> Files.isRegularFile(p.resolve(TableFiles.TABLE_JSON)))
          .map(p -> p.getFileName().toString())
          .filter(n -> TABLE_NAME.matcher(n).matches())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new BlzException("cannot list database " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * A value that changes whenever a table is created, dropped, replaced or commits, and equal
   * values mean the same tables at the same versions: each table's name, directory (its file key
   * and creation time: a table dropped and created again has another) and newest manifest version.
   */
  public List<Object> version() {
    List<Object> version = new ArrayList<>();
    for (String name : tableNames()) {
      Path table = dir.resolve(name);
      try {
        BasicFileAttributes attributes = Files.readAttributes(table, BasicFileAttributes.class);
        List<Long> manifests = TableFiles.manifestVersions(table);
        version.add(List.of(name, String.valueOf(attributes.fileKey()), attributes.creationTime(),
            manifests.isEmpty() ? -1L : manifests.getLast()));
      } catch (IOException | UncheckedIOException e) { // dropped since it was listed
        version.add(List.of(name, "dropped"));
      }
    }
    return version;
  }

  public boolean exists(String table) {
    return TABLE_NAME.matcher(table).matches() && Files.isRegularFile(dir.resolve(table).resolve(TableFiles.TABLE_JSON));
  }

  public BlzTable table(String name) {
    checkName(name);
    if (!exists(name)) {
      throw new BlzException("no table '" + name + "' in database " + dir);
    }
    return BlzTable.open(name, dir.resolve(name));
  }

  /** Creates an empty table. */
  public BlzTable createTable(String name, DataShape shape, int chunkRows) {
    return createTable(name, new TableMeta(shape, chunkRows));
  }

  /** Creates an empty table with the given shape, chunking and keys. */
  public BlzTable createTable(String name, TableMeta meta) {
    try (StagedTable staged = stage(name, meta)) {
      return staged.publish();
    }
  }

  /**
   * Starts a table that becomes visible under {@code name} only when {@link StagedTable#publish()}
   * is called: a load into a new table either completes or leaves nothing behind.
   */
  public StagedTable stage(String name, DataShape shape, int chunkRows) {
    return stage(name, new TableMeta(shape, chunkRows));
  }

  private StagedTable stage(String name, TableMeta meta) {
    checkName(name);
    if (exists(name)) {
      throw new BlzException("table '" + name + "' already exists in database " + dir);
    }
    removeAbandonedStaging();
    Path staging = dir.resolve(STAGING_PREFIX + name + "-" + UUID.randomUUID());
    try {
      return new StagedTable(BlzTable.create(name, staging, meta), dir.resolve(name));
    } catch (IOException e) {
      deleteQuietly(staging);
      throw new BlzException("cannot create table '" + name + "' in " + dir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteQuietly(staging);
      throw e;
    }
  }

  /** Removes a table and its data. */
  public void dropTable(String name) {
    BlzTable table = table(name);
    // Rename first so the table vanishes at once, even if deleting its files takes a while.
    Path doomed = dir.resolve(STAGING_PREFIX + "drop-" + name + "-" + UUID.randomUUID());
    try (TableAppender ignored = table.appender()) { // no writer may be mid-append
      Files.move(table.dir(), doomed, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new BlzException("cannot drop table '" + name + "': " + e.getMessage(), e);
    }
    DecodedChunkCache.shared().evictTable(table.dir());
    deleteQuietly(doomed);
  }

  /** A table being built in a hidden directory. */
  public final class StagedTable implements AutoCloseable {
    private final BlzTable table;
    private final Path target;
    private boolean published;

    private StagedTable(BlzTable table, Path target) {
      this.table = table;
      this.target = target;
    }

    /** The table to load; its name is the final one, its directory the hidden one. */
    public BlzTable table() {
      return table;
    }

    /** Moves the table into place under its name and returns it there. */
    public BlzTable publish() {
      try {
        Files.move(table.dir(), target, StandardCopyOption.ATOMIC_MOVE);
        TableFiles.syncDirectory(dir);
      } catch (FileAlreadyExistsException e) {
        throw new BlzException("table '" + table.name() + "' was created by someone else meanwhile");
      } catch (IOException e) {
        throw new BlzException("cannot publish table '" + table.name() + "': " + e.getMessage(), e);
      }
      published = true;
      return BlzTable.open(table.name(), target);
    }

    /** Deletes the hidden directory unless the table was published. */
    @Override
    public void close() {
      if (!published) {
        deleteQuietly(table.dir());
      }
    }
  }

  /** Staging directories whose writer died (their write lock is free) are garbage. */
  private void removeAbandonedStaging() {
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path p : entries.filter(p -> p.getFileName().toString().startsWith(STAGING_PREFIX)).toList()) {
        if (isAbandoned(p)) {
          deleteQuietly(p);
        }
      }
    } catch (IOException e) {
      // leftovers only cost space; the next creation tries again
    }
  }

  private static boolean isAbandoned(Path staging) {
    // A fresh one may not have taken its lock yet; an hour-old one with a free lock is dead.
    try {
      if (Files.getLastModifiedTime(staging).toInstant().isAfter(java.time.Instant.now().minusSeconds(3600))) {
        return false;
      }
    } catch (IOException e) {
      return false;
    }
    Path lock = staging.resolve(TableFiles.LOCK_FILE);
    try (var ch = java.nio.channels.FileChannel.open(lock, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.WRITE)) {
      return ch.tryLock() != null;
    } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
      return false;
    }
  }

  private static void checkName(String name) {
    if (!TABLE_NAME.matcher(name).matches()) {
      throw new BlzException("invalid table name '" + name
          + "': use letters, digits and _ (not starting with a digit), at most 128 characters");
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      TableFiles.deleteRecursively(dir);
    } catch (IOException ignored) {
      // a leftover staging directory is removed by a later creation
    }
  }
}
