package org.blazedb.engine.expr;

import java.util.List;
import org.blazedb.engine.vector.ValueType;

/**
 * A scalar expression over the columns of a batch. Trees are built {@link Exprs#normalize
 * normalized}: the operands of arithmetic and comparisons already share a representation, so a
 * backend never converts implicitly.
 */
public sealed interface Expr {
  ValueType type();

  /** The expression's shape: its text with literals as numbered parameters (a kernel cache key). */
  default String shape() {
    return Exprs.shape(this);
  }

  /** The value of an input column. */
  record ColumnRef(int column, ValueType type) implements Expr {}

  /**
   * A constant: a Long (DECIMAL unscaled, BOOLEAN 0/1, DATE days), a Double, a String, or null.
   * Kernels see it as a parameter, so queries that differ only in constants share a kernel.
   */
  record Literal(Object value, ValueType type) implements Expr {}

  /** An operator applied to operands; {@code type} is the result's. */
  record Call(Op op, ValueType type, List<Expr> operands) implements Expr {
    public Call {
      operands = List.copyOf(operands);
    }

    public Expr operand(int i) {
      return operands.get(i);
    }
  }
}
