package org.blazedb.storage.blz;

/**
 * The layout of a chunk file (all integers little-endian):
 *
 * <pre>
 * header    "BLZC" | u8 version | u8 encoding ordinal | u16 reserved | i32 rows | i32 validity bytes
 * validity  RoaringBitmap (portable format) of the rows that hold a value; absent if none is missing
 * sections  one per value stream (fixed: values; VARLEN: offsets, then bytes; PRESENCE: none), each
 *           i32 raw bytes | i32 stored bytes | u8 flags | u8 width | data
 * flags     bit 0: LZ4; bit 1: byte-shuffled; bits 4-7 (shuffled only): how many of the highest byte
 *           planes are all zero and left out, so small numbers in wide columns are neither stored
 *           nor decompressed
 * </pre>
 *
 * The file's CRC32C is kept in the manifest and checked before anything is decoded.
 */
final class ChunkFormat {
  static final byte[] MAGIC = {'B', 'L', 'Z', 'C'};
  static final int VERSION = 1;
  static final int HEADER_BYTES = 16;
  static final int SECTION_HEADER_BYTES = 10;
  static final int FLAG_LZ4 = 1;
  static final int FLAG_SHUFFLED = 2;
  static final int ZERO_PLANES_SHIFT = 4;

  private ChunkFormat() {}

  static int sectionCount(Encoding encoding) {
    return switch (encoding) {
      case VARLEN -> 2;
      case PRESENCE -> 0;
      default -> 1;
    };
  }
}
