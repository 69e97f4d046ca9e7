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

  /**
   * SQLite behaviour some tests assume and BlazeDB, like the SQL standard and PostgreSQL, does not
   * have: a statement or query matching {@code sql}, failing with a message matching
   * {@code message}, fails for that reason.
   */
  private enum SqliteDialect {
    EMPTY_IN_LIST("(?is).*\\bIN\\s*\\(\\s*\\).*", "(?s).*",
        "empty IN list, x IN () (the SQL standard and PostgreSQL require an element)"),
    LOOSE_COMPARISON("(?s).*", "(?s).*must have compatible types.*",
        "comparison of unrelated types, e.g. BINARY with INTEGER (PostgreSQL refuses it too)"),
    REPEATED_ASSIGNMENT("(?is)\\s*UPDATE\\b.*", "(?s).*is assigned more than once.*",
        "UPDATE that assigns a column twice (PostgreSQL refuses it too)"),
    TEXT_AS_NUMBER("(?s).*", "(?s).*NumberFormatException: Character .* is neither a decimal digit number.*",
        "arithmetic on TEXT that holds no number, e.g. + col where col is TEXT (SQLite keeps the text;"
            + " PostgreSQL refuses the operator)"),
    TRIGGERS("(?is)\\s*CREATE\\s+TRIGGER\\b.*", "(?s).*",
        "CREATE TRIGGER ... BEGIN ... END (BlazeDB has no triggers)");

    private final java.util.regex.Pattern sql;
    private final java.util.regex.Pattern message;
    private final String description;

    SqliteDialect(String sql, String message, String description) {
      this.sql = java.util.regex.Pattern.compile(sql);
      this.message = java.util.regex.Pattern.compile(message);
      this.description = description;
    }
  }

  private static final String DIALECT = "dialect (SQLite): ";

  /** Whether a cause is a test's assumption of another dialect rather than a BlazeDB error. */
  static boolean isDialect(String cause) {
    return cause.startsWith(DIALECT);
  }

  /**
   * The cause of the failure of {@code sql} with this message: a known SQLite assumption, a syntax
   * BlazeDB does not accept, or another error.
   */
  static String of(String sql, String message) {
    for (SqliteDialect d : SqliteDialect.values()) {
      if (d.sql.matcher(sql).matches() && d.message.matcher(message).matches()) {
        return DIALECT + d.description;
      }
    }
    String line = message.lines().findFirst().orElse("");
    String normalized = line
        .replaceAll("'[^']*'", "'?'")
        .replaceAll("(?<!Encountered )\"[^\"]*\"", "\"?\"") // the token a parser stopped at says most
        .replaceAll("(?i)line \\d+, column \\d+", "line N, column N")
        .replaceAll("\\d+", "N");
    if (normalized.length() > MAX_LENGTH) {
      normalized = normalized.substring(0, MAX_LENGTH) + "...";
    }
    return (BlazeSltExecutor.isParseError(message) ? "syntax: " : "error: ") + normalized;
  }
}
