package org.blazedb.engine.exec;

import org.blazedb.engine.vector.ValueType;

/**
 * One aggregate of a {@link HashAggregator}.
 *
 * @param input the input column, or -1 for COUNT(*)
 * @param distinct whether only distinct non-null values count
 * @param resultType the SQL type of the result
 */
public record AggregateCall(Function function, int input, boolean distinct, ValueType inputType, ValueType resultType) {
  public enum Function {
    COUNT,
    /** NULL over no values. */
    SUM,
    /** 0 over no values. */
    SUM0,
    MIN,
    MAX,
    /** Of DOUBLE values only: other types round as each SQL engine defines. */
    AVG
  }

  public AggregateCall {
    boolean numeric = input < 0 || inputType.isNumeric();
    boolean ordered = input >= 0 && inputType.kind() != ValueType.Kind.VARCHAR;
    boolean ok = switch (function) {
      case COUNT -> true;
      case SUM, SUM0 -> numeric && input >= 0;
      case MIN, MAX -> ordered;
      case AVG -> input >= 0 && inputType.kind() == ValueType.Kind.DOUBLE;
    };
    if (!ok) {
      throw new org.blazedb.engine.expr.UnsupportedExpressionException(function + " of " + inputType);
    }
  }

  @Override
  public String toString() {
    return function + "(" + (distinct ? "DISTINCT " : "") + (input < 0 ? "*" : "$" + input) + ")";
  }
}
