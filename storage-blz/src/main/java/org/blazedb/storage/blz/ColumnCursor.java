package org.blazedb.storage.blz;

import java.util.List;

/**
 * Walks one stored column row by row across its chunks, decoding a chunk only when a row in it is
 * needed. {@link #seek(long)} jumps to any row through the chunks' row counts.
 */
final class ColumnCursor implements AutoCloseable {
  private final TableSnapshot snapshot;
  private final PhysicalColumn column;
  private final ChunkReader reader;
  private final long[] chunkStarts;
  private final List<ChunkMeta> chunks;
  private ColumnChunk chunk;
  private int chunkIndex = -1;
  private int position;

  ColumnCursor(TableSnapshot snapshot, PhysicalColumn column) {
    this.snapshot = snapshot;
    this.column = column;
    this.reader = new ChunkReader(snapshot.table().name());
    this.chunks = snapshot.chunks(column.path());
    this.chunkStarts = new long[chunks.size() + 1];
    for (int i = 0; i < chunks.size(); i++) {
      chunkStarts[i + 1] = chunkStarts[i] + chunks.get(i).rows();
    }
    this.position = -1;
  }

  /** Moves to the next row; afterwards {@link #chunk()} and {@link #position()} address it. */
  void next() {
    position++;
    while (chunk == null || position >= chunk.rows()) {
      load(chunkIndex + 1);
      position = 0;
    }
  }

  /** Positions the cursor so that the following {@link #next()} reaches {@code row}. */
  void seek(long row) {
    if (row == chunkStarts[chunks.size()]) { // the end: only an empty array will "read" here
      chunk = null;
      chunkIndex = chunks.size() - 1;
      position = -1;
      return;
    }
    int index = java.util.Arrays.binarySearch(chunkStarts, row);
    index = index >= 0 ? index : -index - 2;
    if (index >= chunks.size()) {
      throw new IndexOutOfBoundsException("row " + row + " of column " + column.path()
          + " is past its " + chunkStarts[chunks.size()] + " rows");
    }
    if (index != chunkIndex || chunk == null) {
      load(index);
    }
    position = (int) (row - chunkStarts[index]) - 1;
  }

  /**
   * For a LENGTHS column: the element row where the array of the row that {@link #next()} reaches
   * begins, i.e. the sum of the lengths of all rows before it.
   */
  long elementsBeforeNext() {
    int fullChunks = chunk == null ? chunks.size() : chunkIndex;
    long sum = 0;
    for (int i = 0; i < fullChunks; i++) {
      sum += chunks.get(i).elements();
    }
    for (int i = 0; i <= position; i++) {
      sum += chunk.getLong(i);
    }
    return sum;
  }

  ColumnChunk chunk() {
    return chunk;
  }

  int position() {
    return position;
  }

  private void load(int index) {
    if (index >= chunks.size()) {
      throw new IndexOutOfBoundsException("read past the last row of column " + column.path());
    }
    chunk = snapshot.readChunk(reader, column, index);
    chunkIndex = index;
  }

  long allocatedBytes() {
    return reader.allocatedBytes();
  }

  @Override
  public void close() {
    reader.close();
  }
}
