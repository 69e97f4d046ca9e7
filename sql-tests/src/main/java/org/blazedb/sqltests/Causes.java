package org.blazedb.sqltests;

/** Turns failure messages into causes: one line, names and numbers replaced, so alike ones group. */
final class Causes {
  private static final int MAX_LENGTH = 160;

  private Causes() {}

  /** The innermost message of an exception chain. */
  static String message(Throwable e) {
    String message = e.getClass().getSimpleName();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        message = t.getClass().getSimpleName() + ": " + t.getMessage();
      }
    }
    return message;
  }

  /** The cause of a failure with this message, classed as dialect (syntax) or error. */
  static String of(String message) {
    String line = message.lines().findFirst().orElse("");
    String normalized = line
        .replaceAll("'[^']*'", "'?'")
        .replaceAll("(?<!Encountered )\"[^\"]*\"", "\"?\"") // the token a parser stopped at says most
        .replaceAll("(?i)line \\d+, column \\d+", "line N, column N")
        .replaceAll("\\d+", "N");
    if (normalized.length() > MAX_LENGTH) {
      normalized = normalized.substring(0, MAX_LENGTH) + "...";
    }
    return (BlazeSltExecutor.isParseError(message) ? "dialect/syntax: " : "error: ") + normalized;
  }
}
