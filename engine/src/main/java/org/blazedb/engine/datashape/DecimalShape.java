package org.blazedb.engine.datashape;

/** {@code decimal[precision, scale]}: exact numbers of up to 38 digits. */
public record DecimalShape(int precision, int scale) implements DataShape {
  public static final int MAX_PRECISION = 38;

  public DecimalShape {
    if (precision < 1 || precision > MAX_PRECISION) {
      throw new IllegalArgumentException(
          "decimal precision must be 1.." + MAX_PRECISION + ", was " + precision);
    }
    if (scale < 0 || scale > precision) {
      throw new IllegalArgumentException(
          "decimal scale must be 0..precision (" + precision + "), was " + scale);
    }
  }

  @Override
  public String toString() {
    return DataShapePrinter.print(this);
  }
}
