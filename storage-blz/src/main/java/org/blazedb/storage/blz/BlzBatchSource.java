package org.blazedb.storage.blz;

import org.blazedb.engine.vector.LargeSegments;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.blazedb.engine.exec.BatchSource;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.engine.vector.Vector;
import org.roaringbitmap.RoaringBitmap;

/**
 * Top-level columns of a table snapshot as engine batches, one morsel per chunk. A column chunk
 * comes from the {@link DecodedChunkCache} when it was read before; otherwise 64-bit values and
 * strings are decompressed straight into the reader's memory, narrower integers widened to 64 bits
 * in one pass, and the result offered to the cache. Columns the plan does not read are null in the
 * batch.
 *
 * @param columns the stored column of each batch column, or null where the plan reads none
 * @param types the engine type of each batch column
 * @param chunks the chunks to read (those the zone maps let through), in order
 * @param cache where decoded chunks are kept between reads
 */
public record BlzBatchSource(TableSnapshot snapshot, List<PhysicalColumn> columns, List<ValueType> types, int[] chunks,
    DecodedChunkCache cache) implements BatchSource {

  public BlzBatchSource {
    columns = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(columns));
    types = List.copyOf(types);
  }

  /** A source whose chunks go through the process's cache. */
  public BlzBatchSource(TableSnapshot snapshot, List<PhysicalColumn> columns, List<ValueType> types, int[] chunks) {
    this(snapshot, columns, types, chunks, DecodedChunkCache.shared());
  }

  /** Whether the engine reads columns of this encoding as a batch column. */
  public static boolean readable(Encoding encoding) {
    return switch (encoding) {
      case BOOL, INT8, INT16, INT32, INT64, DECIMAL64, FLOAT64, VARLEN -> true;
      default -> false;
    };
  }

  @Override
  public int morsels() {
    return chunks.length;
  }

  @Override
  public long rows() {
    String path = anyColumn();
    long rows = 0;
    for (int chunk : chunks) {
      rows += snapshot.chunks(path).get(chunk).rows();
    }
    return rows;
  }

  private String anyColumn() {
    return columns.stream().filter(java.util.Objects::nonNull).findFirst()
        .orElseGet(() -> snapshot.table().layout().columns().iterator().next()).path();
  }

  @Override
  public Reader open() {
    return new ChunkBatchReader();
  }

  private final class ChunkBatchReader implements Reader {
    private final ChunkReader[] readers = new ChunkReader[columns.size()];
    private final MemorySegment[] widened = new MemorySegment[columns.size()];
    private final MemorySegment[] validity = new MemorySegment[columns.size()];
    private final Arena arena = Arena.ofConfined();
    private final List<DecodedChunkCache.Entry> pinned = new java.util.ArrayList<>();

    ChunkBatchReader() {
      String table = snapshot.table().name();
      for (int c = 0; c < readers.length; c++) {
        if (columns.get(c) != null) {
          readers[c] = new ChunkReader(table);
        }
      }
    }

    @Override
    public Batch read(int morsel) {
      unpin();
      int chunk = chunks[morsel];
      Vector[] vectors = new Vector[readers.length];
      int rows = -1;
      for (int c = 0; c < readers.length; c++) {
        if (readers[c] == null) {
          continue;
        }
        ChunkMeta meta = snapshot.chunks(columns.get(c).path()).get(chunk);
        rows = meta.rows();
        vectors[c] = vector(types.get(c), decoded(c, chunk, meta));
      }
      if (rows < 0) { // no column read: the row count alone
        rows = snapshot.chunks(anyColumn()).get(chunk).rows();
      }
      return Batch.all(rows, vectors);
    }

    /** Column {@code c} of the chunk from the cache, or decoded into this reader's buffers (and offered to the cache). */
    private DecodedChunkCache.Decoded decoded(int c, int chunk, ChunkMeta meta) {
      PhysicalColumn column = columns.get(c);
      var key = snapshot.cacheKey(column, meta);
      DecodedChunkCache.Entry entry = cache.pin(key);
      if (entry == null) {
        DecodedChunkCache.Decoded decoded = decode(c, snapshot.readChunk(readers[c], column, chunk));
        entry = cache.admit(key, decoded);
        if (entry == null) {
          return decoded;
        }
      }
      pinned.add(entry);
      return entry.decoded();
    }

    private static Vector vector(ValueType type, DecodedChunkCache.Decoded d) {
      return d.values() == null ? Vector.varchar(d.offsets(), d.data(), d.validity()) : Vector.fixed(type, d.values(), d.validity());
    }

    private DecodedChunkCache.Decoded decode(int c, ColumnChunk data) {
      int rows = data.rows();
      MemorySegment valid = data.validity() == null ? null : validity(c, data.validity(), rows);
      return switch (data.column().encoding()) {
        case VARLEN -> new DecodedChunkCache.Decoded(null, valid, data.offsets(),
            data.data().asSlice(0, data.offsets().getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, rows)));
        case INT64, DECIMAL64, FLOAT64 -> new DecodedChunkCache.Decoded(data.values(), valid, null, null);
        default -> new DecodedChunkCache.Decoded(widen(c, data), valid, null, null);
      };
    }

    private void unpin() {
      pinned.forEach(cache::release);
      pinned.clear();
    }

    private MemorySegment widen(int c, ColumnChunk data) {
      widened[c] = ensure(widened[c], 8L * data.rows());
      MemorySegment out = widened[c].asSlice(0, 8L * data.rows());
      MemorySegment in = data.values();
      int rows = data.rows();
      switch (data.column().encoding()) {
        case BOOL, INT8 -> {
          for (int i = 0; i < rows; i++) {
            out.setAtIndex(ValueLayout.JAVA_LONG, i, in.get(ValueLayout.JAVA_BYTE, i));
          }
        }
        case INT16 -> {
          for (int i = 0; i < rows; i++) {
            out.setAtIndex(ValueLayout.JAVA_LONG, i, in.getAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, i));
          }
        }
        default -> {
          for (int i = 0; i < rows; i++) {
            out.setAtIndex(ValueLayout.JAVA_LONG, i, in.getAtIndex(ValueLayout.JAVA_INT_UNALIGNED, i));
          }
        }
      }
      return out;
    }

    private MemorySegment validity(int c, RoaringBitmap bits, int rows) {
      validity[c] = ensure(validity[c], rows);
      MemorySegment out = validity[c].asSlice(0, rows);
      out.fill((byte) 0);
      bits.forEach((int row) -> out.set(ValueLayout.JAVA_BYTE, row, (byte) 1));
      return out;
    }

    private MemorySegment ensure(MemorySegment segment, long size) {
      return segment != null && segment.byteSize() >= size ? segment : LargeSegments.allocate(arena, size, 64);
    }

    @Override
    public void close() {
      unpin();
      for (ChunkReader reader : readers) {
        if (reader != null) {
          reader.close();
        }
      }
      arena.close();
    }
  }
}
