package org.blazedb.engine.expr;

/** An expression the engine does not compute; the planner then leaves it to another executor. */
public final class UnsupportedExpressionException extends RuntimeException {
  public UnsupportedExpressionException(String message) {
    super(message, null, false, false);
  }
}
