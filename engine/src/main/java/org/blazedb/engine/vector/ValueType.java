package org.blazedb.engine.vector;

/**
 * The type of the values in a {@link Vector}, as the engine computes with them. Every kind but
 * DOUBLE and VARCHAR is held as a 64-bit integer: BOOLEAN as 0/1, DATE as days since 1970-01-01,
 * DECIMAL as its unscaled value with {@link #scale()} decimals. Integer arithmetic wraps at the
 * kind's width, as Java's (and so Calcite's) does.
 */
public record ValueType(Kind kind, int scale) {
  public enum Kind { BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL, DATE, DOUBLE, VARCHAR }

  public static final ValueType BOOLEAN = new ValueType(Kind.BOOLEAN, 0);
  public static final ValueType TINYINT = new ValueType(Kind.TINYINT, 0);
  public static final ValueType SMALLINT = new ValueType(Kind.SMALLINT, 0);
  public static final ValueType INTEGER = new ValueType(Kind.INTEGER, 0);
  public static final ValueType BIGINT = new ValueType(Kind.BIGINT, 0);
  public static final ValueType DATE = new ValueType(Kind.DATE, 0);
  public static final ValueType DOUBLE = new ValueType(Kind.DOUBLE, 0);
  public static final ValueType VARCHAR = new ValueType(Kind.VARCHAR, 0);

  public ValueType {
    if (scale < 0 || scale > 18 || (scale != 0 && kind != Kind.DECIMAL)) {
      throw new IllegalArgumentException("scale " + scale + " for " + kind);
    }
  }

  public static ValueType decimal(int scale) {
    return new ValueType(Kind.DECIMAL, scale);
  }

  /** Whether values are 64-bit integers in memory (all kinds but DOUBLE and VARCHAR). */
  public boolean isLong() {
    return kind != Kind.DOUBLE && kind != Kind.VARCHAR;
  }

  /** Whether arithmetic applies: the integer kinds, DECIMAL and DOUBLE. */
  public boolean isNumeric() {
    return switch (kind) {
      case TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL, DOUBLE -> true;
      default -> false;
    };
  }

  /** The bits integer results wrap at: 8, 16, 32 or 64. */
  public int bits() {
    return switch (kind) {
      case TINYINT -> 8;
      case SMALLINT -> 16;
      case INTEGER -> 32;
      default -> 64;
    };
  }

  @Override
  public String toString() {
    return kind == Kind.DECIMAL ? "DECIMAL(" + scale + ")" : kind.name();
  }
}
