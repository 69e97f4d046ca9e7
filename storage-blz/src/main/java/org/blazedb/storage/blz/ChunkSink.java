package org.blazedb.storage.blz;

/** Where a {@link ColumnWriter} sends each full chunk. */
interface ChunkSink {
  /**
   * Stores the chunk now in {@code encoder} and records it for the next commit.
   *
   * @param stats the chunk's statistics; its file, size and checksum are filled in by the sink
   */
  void writeChunk(PhysicalColumn column, ChunkEncoder encoder, ChunkMeta stats);
}
