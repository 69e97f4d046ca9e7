package org.blazedb.storage.blz;

import java.util.List;
import java.util.Map;

/**
 * One committed state of a table: its row count and, per column path, the chunks in row order.
 *
 * @param version the number in the manifest's file name; each commit adds one
 * @param rows rows of the table
 * @param nextChunk the number the next chunk file will take
 * @param retired chunk files ({@code folder/file}) that an earlier version used and this one does
 *     not, with the time they were retired: readers of that version may still open them, so they
 *     are deleted only after {@link TableAppender#RETIRED_GRACE_MILLIS}
 */
public record Manifest(long version, long rows, long nextChunk, Map<String, List<ChunkMeta>> columns,
    Map<String, Long> retired) {
  public Manifest {
    columns = Map.copyOf(columns);
    retired = Map.copyOf(retired);
  }

  public List<ChunkMeta> chunks(String path) {
    return columns.getOrDefault(path, List.of());
  }
}
