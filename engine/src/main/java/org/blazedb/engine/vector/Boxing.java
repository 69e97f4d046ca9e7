package org.blazedb.engine.vector;

import java.math.BigDecimal;

/**
 * Engine values as Java objects, at the one place rows leave the engine: BOOLEAN Boolean,
 * TINYINT Byte, SMALLINT Short, INTEGER Integer, BIGINT Long, DECIMAL BigDecimal, DATE Integer
 * (days since 1970-01-01), DOUBLE Double, VARCHAR String.
 */
public final class Boxing {
  private Boxing() {}

  public static Object box(ValueType type, long value) {
    return switch (type.kind()) {
      case BOOLEAN -> value != 0;
      case TINYINT -> (byte) value;
      case SMALLINT -> (short) value;
      case INTEGER, DATE -> (int) value;
      case BIGINT -> value;
      case DECIMAL -> BigDecimal.valueOf(value, type.scale());
      case DOUBLE -> Double.longBitsToDouble(value);
      case VARCHAR -> throw new IllegalArgumentException("VARCHAR is not held as a long");
    };
  }

  /** A non-null value of a kind held as a long, as that long: the inverse of {@link #box}. */
  public static long unbox(ValueType type, Object value) {
    return switch (type.kind()) {
      case BOOLEAN -> (Boolean) value ? 1 : 0;
      case DECIMAL -> ((BigDecimal) value).setScale(type.scale(), java.math.RoundingMode.UNNECESSARY).unscaledValue()
          .longValueExact();
      case DOUBLE -> Double.doubleToRawLongBits(((Number) value).doubleValue());
      case VARCHAR -> throw new IllegalArgumentException("VARCHAR is not held as a long");
      default -> ((Number) value).longValue();
    };
  }

  /** The value at {@code row} of {@code v}, or null. */
  public static Object get(Vector v, int row) {
    if (!v.isValid(row)) {
      return null;
    }
    return switch (v.type().kind()) {
      case DOUBLE -> v.getDouble(row);
      case VARCHAR -> v.getString(row);
      default -> box(v.type(), v.getLong(row));
    };
  }
}
