package org.blazedb.storage.blz;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** One committed state of a table; it never changes, whatever writers do afterwards. */
public final class TableSnapshot {
  private final BlzTable table;
  private final Manifest manifest;
  private final SmallChunkCache smallChunks = new SmallChunkCache();
  private final Path cacheDir;

  TableSnapshot(BlzTable table, Manifest manifest) {
    this.table = table;
    this.manifest = manifest;
    this.cacheDir = cacheDir(table.dir());
  }

  /** A table directory as {@link DecodedChunkCache} names it, however a connection spelled it. */
  static Path cacheDir(Path tableDir) {
    return tableDir.toAbsolutePath().normalize();
  }

  /** The name of a chunk in {@link DecodedChunkCache}. */
  DecodedChunkCache.Key cacheKey(PhysicalColumn column, ChunkMeta chunk) {
    return new DecodedChunkCache.Key(cacheDir, column.folderName(), chunk.file(), chunk.crc32c(), chunk.fileBytes());
  }

  public BlzTable table() {
    return table;
  }

  public Manifest manifest() {
    return manifest;
  }

  public long rows() {
    return manifest.rows();
  }

  /** The chunks of the stored column at {@code path}, in row order. */
  public List<ChunkMeta> chunks(String path) {
    return manifest.chunks(path);
  }

  Path chunkFile(PhysicalColumn column, ChunkMeta chunk) {
    return table.columnDir(column).resolve(chunk.file());
  }

  /** Reads chunk {@code index} of {@code column} with {@code reader}. */
  public ColumnChunk readChunk(ChunkReader reader, PhysicalColumn column, int index) {
    ChunkMeta meta = chunks(column.path()).get(index);
    return reader.read(column, index, meta, chunkFile(column, meta), smallChunks);
  }

  /**
   * The chunks of a top-level column whose min/max say they may hold a value accepted by
   * {@code mayMatch} (given each chunk's metadata); chunks without statistics always qualify.
   */
  public int[] chunksToScan(String path, Predicate<ChunkMeta> mayMatch) {
    List<ChunkMeta> chunks = chunks(path);
    return java.util.stream.IntStream.range(0, chunks.size())
        .filter(i -> chunks.get(i).min() == null || mayMatch.test(chunks.get(i)))
        .toArray();
  }

  /** A reader of the given paths (all columns if empty) as Java values ({@link JavaValues}). */
  public RowReader<Map<String, Object>> rowReader(Collection<String> paths) {
    return new RowReader<>(this, paths, JavaValues.INSTANCE);
  }

  public RowReader<Map<String, Object>> rowReader() {
    return rowReader(List.of());
  }

  /** A reader of the given paths (all columns if empty) building rows with {@code values}. */
  public <R> RowReader<R> rowReader(Collection<String> paths, RowValues<R> values) {
    return new RowReader<>(this, paths, values);
  }
}
