package org.blazedb.storage.blz;

import java.util.List;
import java.util.Map;

/**
 * One committed state of a table: its row count and, per column path, the chunks in row order.
 *
 * @param version the number in the manifest's file name; each commit adds one
 * @param rows rows of the table
 * @param nextChunk the number the next chunk file will take
 */
public record Manifest(long version, long rows, long nextChunk, Map<String, List<ChunkMeta>> columns) {
  public Manifest {
    columns = Map.copyOf(columns);
  }

  public List<ChunkMeta> chunks(String path) {
    return columns.getOrDefault(path, List.of());
  }
}
