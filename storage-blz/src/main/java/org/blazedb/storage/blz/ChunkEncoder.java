package org.blazedb.storage.blz;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import org.roaringbitmap.RoaringBitmap;

/** Builds the bytes of one chunk file ({@link ChunkFormat}); not thread-safe, reuses its buffers. */
final class ChunkEncoder {
  /** Shuffle is tried on a sample this large and kept if it compresses the sample smaller. */
  private static final int SHUFFLE_SAMPLE_BYTES = 64 * 1024;

  private static final LZ4Compressor LZ4 = LZ4Factory.fastestInstance().fastCompressor();

  private byte[] out = new byte[1 << 16];
  private int size;
  private byte[] shuffled = new byte[0];
  private byte[] compressed = new byte[0];

  /** Starts a chunk of {@code rows} rows; {@code validity} is null when every row holds a value. */
  void begin(Encoding encoding, int rows, RoaringBitmap validity) {
    size = 0;
    byte[] bitmap = validity == null ? new byte[0] : serialize(validity);
    ensure(ChunkFormat.HEADER_BYTES + bitmap.length);
    System.arraycopy(ChunkFormat.MAGIC, 0, out, 0, 4);
    out[4] = (byte) ChunkFormat.VERSION;
    out[5] = (byte) encoding.ordinal();
    ByteBuffer header = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(8, rows);
    header.putInt(12, bitmap.length);
    System.arraycopy(bitmap, 0, out, ChunkFormat.HEADER_BYTES, bitmap.length);
    size = ChunkFormat.HEADER_BYTES + bitmap.length;
  }

  /** Appends a section of {@code length} bytes of values {@code width} bytes wide. */
  void section(byte[] data, int length, int width) {
    byte[] source = data;
    int flags = 0;
    int kept = length;
    if (width > 1 && length >= 2 * width && shuffleHelps(data, length, width)) {
      shuffled = grow(shuffled, length);
      int count = length / width;
      ByteShuffle.shuffle(data, 0, shuffled, count, width);
      source = shuffled;
      int zeroPlanes = ByteShuffle.zeroHighPlanes(shuffled, count, width);
      kept = (width - zeroPlanes) * count;
      flags |= ChunkFormat.FLAG_SHUFFLED | zeroPlanes << ChunkFormat.ZERO_PLANES_SHIFT;
    }
    compressed = grow(compressed, LZ4.maxCompressedLength(kept));
    int compressedLength = LZ4.compress(source, 0, kept, compressed, 0, compressed.length);
    boolean keepCompressed = compressedLength < kept;
    int stored = keepCompressed ? compressedLength : kept;
    if (keepCompressed) {
      flags |= ChunkFormat.FLAG_LZ4;
    }
    ensure(size + ChunkFormat.SECTION_HEADER_BYTES + stored);
    ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(size, length);
    b.putInt(size + 4, stored);
    out[size + 8] = (byte) flags;
    out[size + 9] = (byte) width;
    System.arraycopy(keepCompressed ? compressed : source, 0, out, size + ChunkFormat.SECTION_HEADER_BYTES, stored);
    size += ChunkFormat.SECTION_HEADER_BYTES + stored;
  }

  byte[] bytes() {
    return out;
  }

  int size() {
    return size;
  }

  private boolean shuffleHelps(byte[] data, int length, int width) {
    int sample = Math.min(length, SHUFFLE_SAMPLE_BYTES) / width * width;
    shuffled = grow(shuffled, sample);
    ByteShuffle.shuffle(data, 0, shuffled, sample / width, width);
    compressed = grow(compressed, LZ4.maxCompressedLength(sample));
    int plain = LZ4.compress(data, 0, sample, compressed, 0, compressed.length);
    int shuffledSize = LZ4.compress(shuffled, 0, sample, compressed, 0, compressed.length);
    return shuffledSize < plain;
  }

  private void ensure(int capacity) {
    if (out.length < capacity) {
      out = java.util.Arrays.copyOf(out, Math.max(capacity, out.length * 2));
    }
  }

  private static byte[] grow(byte[] buffer, int capacity) {
    return buffer.length >= capacity ? buffer : new byte[Math.max(capacity, buffer.length * 2)];
  }

  private static byte[] serialize(RoaringBitmap bitmap) {
    bitmap.runOptimize();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(bitmap.serializedSizeInBytes());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      bitmap.serialize(out);
    } catch (IOException e) {
      throw new IllegalStateException("in-memory serialization failed", e);
    }
    return bytes.toByteArray();
  }
}
