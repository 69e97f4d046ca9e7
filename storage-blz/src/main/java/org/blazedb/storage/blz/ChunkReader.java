package org.blazedb.storage.blz;

import org.blazedb.engine.vector.LargeSegments;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.roaringbitmap.RoaringBitmap;

/**
 * Reads chunk files into off-heap memory: verifies the checksum, then decompresses each section
 * straight into a reusable segment. One reader per thread; each read invalidates the previous chunk.
 */
public final class ChunkReader implements AutoCloseable {
  private static final LZ4SafeDecompressor LZ4 = LZ4Factory.fastestInstance().safeDecompressor();

  private final Arena arena = Arena.ofConfined();
  private final String table;
  private MemorySegment file = MemorySegment.NULL;
  private MemorySegment scratch = MemorySegment.NULL;
  private final MemorySegment[] sections = {MemorySegment.NULL, MemorySegment.NULL};
  private long allocated;

  public ChunkReader(String table) {
    this.table = table;
  }

  /**
   * Reads chunk {@code index} of {@code column}, whose metadata is {@code meta}, from {@code path},
   * or from {@code cache} when a small file was read before.
   */
  ColumnChunk read(PhysicalColumn column, int index, ChunkMeta meta, Path path, SmallChunkCache cache) {
    int length = Math.toIntExact(meta.fileBytes());
    file = ensure(file, length);
    boolean small = length <= SmallChunkCache.MAX_FILE_BYTES;
    String key = path.toString();
    byte[] cached = small ? cache.get(key) : null;
    if (cached != null) {
      MemorySegment.copy(cached, 0, file, ValueLayout.JAVA_BYTE, 0, length);
    } else {
      readFile(column, index, path, file.asSlice(0, length).asByteBuffer());
      CRC32C crc = new CRC32C();
      crc.update(file.asSlice(0, length).asByteBuffer());
      if ((int) crc.getValue() != meta.crc32c()) {
        throw corrupt(column, index, path, String.format(
            "checksum mismatch (stored %08x, computed %08x)", meta.crc32c(), (int) crc.getValue()));
      }
      if (small) {
        cache.put(key, file.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE));
      }
    }
    try {
      return decode(column, meta.rows(), file.asSlice(0, length));
    } catch (IndexOutOfBoundsException | IllegalArgumentException | IOException e) {
      throw corrupt(column, index, path, "malformed contents: " + e.getMessage());
    }
  }

  private void readFile(PhysicalColumn column, int index, Path path, ByteBuffer buffer) {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      if (channel.size() != buffer.remaining()) {
        throw corrupt(column, index, path,
            "file has " + channel.size() + " bytes, the manifest says " + buffer.remaining());
      }
      while (buffer.hasRemaining()) {
        if (channel.read(buffer) < 0) {
          throw corrupt(column, index, path, "unexpected end of file");
        }
      }
    } catch (NoSuchFileException e) {
      throw corrupt(column, index, path, "file is missing");
    } catch (IOException e) {
      throw new BlzException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  private ColumnChunk decode(PhysicalColumn column, int expectedRows, MemorySegment bytes) throws IOException {
    for (int i = 0; i < ChunkFormat.MAGIC.length; i++) {
      if (bytes.get(ValueLayout.JAVA_BYTE, i) != ChunkFormat.MAGIC[i]) {
        throw new IllegalArgumentException("not a BLZ chunk (bad magic)");
      }
    }
    int version = bytes.get(ValueLayout.JAVA_BYTE, 4);
    int encoding = bytes.get(ValueLayout.JAVA_BYTE, 5);
    if (version != ChunkFormat.VERSION || encoding != column.encoding().ordinal()) {
      throw new IllegalArgumentException("version " + version + " / encoding " + encoding + " not expected");
    }
    int rows = bytes.get(ValueLayout.JAVA_INT_UNALIGNED, 8);
    int validityBytes = bytes.get(ValueLayout.JAVA_INT_UNALIGNED, 12);
    if (rows != expectedRows) {
      throw new IllegalArgumentException("chunk has " + rows + " rows, the manifest says " + expectedRows);
    }
    long pos = ChunkFormat.HEADER_BYTES;
    RoaringBitmap validity = null;
    if (validityBytes > 0) {
      validity = new RoaringBitmap();
      validity.deserialize(bytes.asSlice(pos, validityBytes).asByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
      pos += validityBytes;
    }
    int count = ChunkFormat.sectionCount(column.encoding());
    for (int s = 0; s < count; s++) {
      int raw = bytes.get(ValueLayout.JAVA_INT_UNALIGNED, pos);
      int stored = bytes.get(ValueLayout.JAVA_INT_UNALIGNED, pos + 4);
      int flags = bytes.get(ValueLayout.JAVA_BYTE, pos + 8);
      int width = bytes.get(ValueLayout.JAVA_BYTE, pos + 9);
      MemorySegment source = bytes.asSlice(pos + ChunkFormat.SECTION_HEADER_BYTES, stored);
      sections[s] = ensure(sections[s], raw);
      decodeSection(source, raw, flags, width, sections[s]);
      pos += ChunkFormat.SECTION_HEADER_BYTES + stored;
    }
    if (pos != bytes.byteSize()) {
      throw new IllegalArgumentException((bytes.byteSize() - pos) + " trailing bytes");
    }
    return switch (column.encoding()) {
      case VARLEN -> new ColumnChunk(column, rows, validity, null,
          sections[0].asSlice(0, 4L * (rows + 1)), sections[1]);
      case PRESENCE -> new ColumnChunk(column, rows, validity, null, null, null);
      default -> new ColumnChunk(column, rows, validity,
          sections[0].asSlice(0, (long) rows * column.encoding().width()), null, null);
    };
  }

  private void decodeSection(MemorySegment source, int raw, int flags, int width, MemorySegment target) {
    boolean shuffled = (flags & ChunkFormat.FLAG_SHUFFLED) != 0;
    int zeroPlanes = flags >>> ChunkFormat.ZERO_PLANES_SHIFT & 0xF;
    if (shuffled ? width < 2 || raw % width != 0 || zeroPlanes >= width : zeroPlanes > 0) {
      throw new IllegalArgumentException("section of width " + width + ", " + raw + " bytes, "
          + zeroPlanes + " zero planes left out, flags " + flags);
    }
    int kept = shuffled ? raw / width * (width - zeroPlanes) : raw;
    MemorySegment plain = shuffled ? (scratch = ensure(scratch, raw)) : target;
    if ((flags & ChunkFormat.FLAG_LZ4) != 0) {
      int n = LZ4.decompress(source.asByteBuffer(), 0, source.asByteBuffer().remaining(),
          plain.asByteBuffer(), 0, kept);
      if (n != kept) {
        throw new IllegalArgumentException("section decompressed to " + n + " bytes, expected " + kept);
      }
    } else {
      if (source.byteSize() != kept) {
        throw new IllegalArgumentException("stored section of " + source.byteSize() + " bytes, expected " + kept);
      }
      MemorySegment.copy(source, 0, plain, 0, kept);
    }
    if (shuffled) {
      ByteShuffle.unshuffle(plain, target, raw / width, width, width - zeroPlanes);
    }
  }

  private MemorySegment ensure(MemorySegment segment, long size) {
    if (segment.byteSize() >= size) {
      return segment;
    }
    long bytes = Math.max(size, segment.byteSize() * 3 / 2);
    allocated += bytes;
    return LargeSegments.allocate(arena, bytes, 64);
  }

  /** Off-heap bytes this reader has allocated for its buffers. */
  public long allocatedBytes() {
    return allocated;
  }

  private CorruptDataException corrupt(PhysicalColumn column, int index, Path path, String problem) {
    return CorruptDataException.chunk(table, column.path(), index, path, problem);
  }

  /** Frees the off-heap buffers; chunks read from this reader become unusable. */
  @Override
  public void close() {
    arena.close();
  }
}
