package org.blazedb.engine.datashape;

import java.io.Serial;

/**
 * DataShape text that does not describe a type, with the 1-based line and column of the problem.
 *
 * <p>Extends {@link IllegalArgumentException} so callers that only care about "bad input" need not
 * know about DataShape.
 */
public final class DataShapeSyntaxException extends IllegalArgumentException {
  @Serial private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;
  private final String reason;

  public DataShapeSyntaxException(String reason, int line, int column) {
    super("DataShape syntax error at line " + line + ", column " + column + ": " + reason);
    this.line = line;
    this.column = column;
    this.reason = reason;
  }

  /** The 1-based line of the problem. */
  public int getLine() {
    return line;
  }

  /** The 1-based column of the problem. */
  public int getColumn() {
    return column;
  }

  /** The message without the position, e.g. {@code expected ':' after field name 'id' but found '='}. */
  public String getReason() {
    return reason;
  }
}
