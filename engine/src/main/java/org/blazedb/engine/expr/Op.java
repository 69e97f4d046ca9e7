package org.blazedb.engine.expr;

/** The operators of {@link Expr.Call}. */
public enum Op {
  ADD, SUBTRACT, MULTIPLY,
  /** DOUBLE only: integer and DECIMAL division round in ways each SQL engine defines itself. */
  DIVIDE,
  NEGATE,
  EQUALS, NOT_EQUALS, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL,
  /** Three-valued: FALSE AND NULL is FALSE, TRUE OR NULL is TRUE. */
  AND, OR, NOT,
  IS_NULL, IS_NOT_NULL,
  /**
   * Between representations: an integer or DECIMAL to a DECIMAL of a larger or equal scale, to a
   * wider integer, or to DOUBLE.
   */
  CAST,
  /**
   * {@code CHECKED_CAST(x, limit)}: {@code CAST(x AS DECIMAL(p, s))} for a precision p below 19,
   * {@code limit} being the constant 10^p. As Calcite's, it fails a value of more than p digits; a
   * CAST to a larger precision never can, every long fitting (a plain {@link #CAST}).
   */
  CHECKED_CAST,
  /** {@code CASE WHEN c1 THEN v1 ... ELSE e END}: operands c1, v1, ..., e. */
  CASE,
  /** VARCHAR LIKE a constant pattern ({@code %} and {@code _}, no escape). */
  LIKE,
  /**
   * {@code SUBSTRING(s FROM start [FOR length])}: operands s, start and optionally length
   * (integers), positions counted from 1 in UTF-16 units as Java strings (and Calcite) count them.
   */
  SUBSTRING,
  /**
   * {@code CAST(a / b AS DECIMAL(p, s))} as Calcite computes it: the quotient to 16 significant
   * digits (half even), then cut to the scale s (down); division by zero is an error. Operands
   * DECIMAL or integers. A DECIMAL quotient alone has a scale of Calcite's own, with no engine type.
   */
  DECIMAL_QUOTIENT,
  /** {@code EXTRACT(YEAR | MONTH | DAY FROM d)} of a DATE, as BIGINT, in the proleptic Gregorian calendar. */
  YEAR, MONTH, DAY;

  public boolean isComparison() {
    return this.ordinal() >= EQUALS.ordinal() && this.ordinal() <= GREATER_EQUAL.ordinal();
  }

  public boolean isArithmetic() {
    return this.ordinal() <= NEGATE.ordinal();
  }
}
