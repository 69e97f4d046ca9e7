package org.blazedb.engine.datashape;

/**
 * {@code string}, {@code string[N]} or {@code string[N, 'encoding']}.
 *
 * @param maxLength the fixed length N in characters, or null for unbounded strings
 * @param encoding the declared encoding, or null for the default (UTF-8)
 */
public record StringShape(Integer maxLength, String encoding) implements DataShape {
  public static final StringShape STRING = new StringShape(null, null);

  public StringShape {
    if (maxLength != null && maxLength < 0) {
      throw new IllegalArgumentException("string length must be >= 0, was " + maxLength);
    }
  }

  @Override
  public String toString() {
    return DataShapePrinter.print(this);
  }
}
