package org.blazedb.storage.blz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.blazedb.engine.datashape.DataShape;

/**
 * A table: a directory holding {@code table.json}, committed manifests and one folder of chunks per
 * column. Readers take a {@link #snapshot()}; one {@link #appender()} at a time writes.
 */
public final class BlzTable {
  private final String name;
  private final Path dir;
  private final TableMeta meta;
  private final ColumnLayout layout;

  private BlzTable(String name, Path dir, TableMeta meta) {
    this.name = name;
    this.dir = dir;
    this.meta = meta;
    this.layout = ColumnLayout.of(meta.shape());
  }

  /** Opens the table in {@code dir}, called {@code name} in messages. */
  static BlzTable open(String name, Path dir) {
    Path json = dir.resolve(TableFiles.TABLE_JSON);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(json);
    } catch (NoSuchFileException e) {
      throw new BlzException("table '" + name + "' has no " + TableFiles.TABLE_JSON + " in " + dir);
    } catch (IOException e) {
      throw new BlzException("cannot read " + json + ": " + e.getMessage(), e);
    }
    TableMeta meta = TableMeta.fromJson(bytes, "table description " + json);
    try {
      return new BlzTable(name, dir, meta);
    } catch (IllegalArgumentException e) {
      throw new CorruptDataException("corrupt table description " + json + ": " + e.getMessage());
    }
  }

  /** Writes a new, empty table into {@code dir} (which must not exist yet). */
  static BlzTable create(String name, Path dir, TableMeta meta) throws IOException {
    ColumnLayout.of(meta.shape()); // rejects shapes that cannot be stored before anything is written
    Files.createDirectories(dir.resolve(TableFiles.COLUMNS_DIR));
    TableFiles.publishAtomically(dir.resolve(TableFiles.TABLE_JSON), meta.toJson());
    TableFiles.publishAtomically(dir.resolve(TableFiles.manifestName(0)),
        ManifestCodec.write(new Manifest(0, 0, 0, java.util.Map.of(), java.util.Map.of())));
    return new BlzTable(name, dir, meta);
  }

  public String name() {
    return name;
  }

  public Path dir() {
    return dir;
  }

  public DataShape shape() {
    return meta.shape();
  }

  /** The table's PRIMARY KEY and UNIQUE constraints. */
  public java.util.List<TableKey> keys() {
    return meta.keys();
  }

  public int chunkRows() {
    return meta.chunkRows();
  }

  public ColumnLayout layout() {
    return layout;
  }

  /** The newest committed state. */
  public TableSnapshot snapshot() {
    // A writer may delete the manifest we listed after committing a newer one: list again then.
    for (int attempt = 0; ; attempt++) {
      List<Long> versions = TableFiles.manifestVersions(dir);
      if (versions.isEmpty()) {
        throw new CorruptDataException("table '" + name + "' in " + dir + " has no manifest");
      }
      Path file = dir.resolve(TableFiles.manifestName(versions.getLast()));
      try {
        return new TableSnapshot(this, ManifestCache.read(file));
      } catch (NoSuchFileException e) {
        if (attempt >= 10) {
          throw new BlzException("table '" + name + "' keeps changing; cannot read a manifest", e);
        }
      } catch (IOException e) {
        throw new BlzException("cannot read " + file + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Starts writing: takes the table's write lock and removes what a crashed writer left behind.
   *
   * @throws BlzException if another writer holds the lock
   */
  public TableAppender appender() {
    return new TableAppender(this);
  }

  Path columnDir(PhysicalColumn column) {
    return dir.resolve(TableFiles.COLUMNS_DIR).resolve(column.folderName());
  }

  @Override
  public String toString() {
    return name + " (" + dir + ")";
  }
}
