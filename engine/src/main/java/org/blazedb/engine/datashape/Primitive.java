package org.blazedb.engine.datashape;

/** The DataShape types that take no parameters. */
public enum Primitive implements DataShape {
  BOOL("bool", 1),
  INT8("int8", 1),
  INT16("int16", 2),
  INT32("int32", 4),
  INT64("int64", 8),
  UINT8("uint8", 1),
  UINT16("uint16", 2),
  UINT32("uint32", 4),
  UINT64("uint64", 8),
  FLOAT32("float32", 4),
  FLOAT64("float64", 8),
  /** Days since 1970-01-01. */
  DATE("date", 4),
  /** Microseconds since midnight. */
  TIME("time", 8),
  /** Variable-length binary. */
  BYTES("bytes", 0),
  /** A JSON document, kept as its text. */
  JSON("json", 0);

  private final String keyword;
  private final int byteWidth;

  Primitive(String keyword, int byteWidth) {
    this.keyword = keyword;
    this.byteWidth = byteWidth;
  }

  /** The name used in DataShape text. */
  public String keyword() {
    return keyword;
  }

  /** Bytes per value in memory and on disk; 0 for variable-length types. */
  public int byteWidth() {
    return byteWidth;
  }

  public boolean isInteger() {
    return ordinal() >= INT8.ordinal() && ordinal() <= UINT64.ordinal();
  }

  public boolean isUnsigned() {
    return ordinal() >= UINT8.ordinal() && ordinal() <= UINT64.ordinal();
  }

  public boolean isFloatingPoint() {
    return this == FLOAT32 || this == FLOAT64;
  }

  /** The primitive spelled {@code keyword}, or null. */
  public static Primitive byKeyword(String keyword) {
    for (Primitive p : values()) {
      if (p.keyword.equals(keyword)) {
        return p;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return keyword;
  }
}
