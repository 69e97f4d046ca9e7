package org.blazedb.storage.blz;

/** How one physical column stores its values. */
public enum Encoding {
  BOOL(1),
  INT8(1),
  INT16(2),
  INT32(4),
  INT64(8),
  FLOAT32(4),
  FLOAT64(8),
  /** Unscaled decimal value of precision <= 18. */
  DECIMAL64(8),
  /** Unscaled decimal value of precision <= 38, two's complement, little-endian. */
  DECIMAL128(16),
  /** Variable-length bytes: int32 offsets relative to the chunk, then the bytes. */
  VARLEN(0),
  /** Element count per row of a {@code var} or fixed dimension. */
  LENGTHS(4),
  /** No values: only the validity of an optional record. */
  PRESENCE(0);

  private final int width;

  Encoding(int width) {
    this.width = width;
  }

  /** Bytes per value; 0 for VARLEN and PRESENCE. */
  public int width() {
    return width;
  }

  /** Whether min/max are kept as 64-bit integers. */
  public boolean hasIntegerStats() {
    return switch (this) {
      case BOOL, INT8, INT16, INT32, INT64, DECIMAL64, LENGTHS -> true;
      default -> false;
    };
  }

  public boolean isFloatingPoint() {
    return this == FLOAT32 || this == FLOAT64;
  }
}
