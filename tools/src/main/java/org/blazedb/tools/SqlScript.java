package org.blazedb.tools;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements at the semicolons that end them. A semicolon inside a string
 * literal ({@code 'it''s'}, {@code E'\''}), a quoted identifier ({@code "a;b"}, {@code `a;b`}) or a
 * comment ({@code -- ;} to the end of the line, {@code /* ; *}{@code /}) does not end a statement.
 * Statements holding nothing but white space and comments are dropped.
 */
final class SqlScript {
  private SqlScript() {}

  /** The statements of {@code sql}, in order, each without its semicolon and surrounding white space. */
  static List<String> split(String sql) {
    List<String> statements = new ArrayList<>();
    int start = 0;
    boolean hasCode = false; // the current statement holds something other than space and comments
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c == '\'' || c == '"' || c == '`') {
        boolean backslashEscapes = c == '\'' && isEscapePrefix(sql, i);
        i = endOfQuoted(sql, i, backslashEscapes);
        hasCode = true;
      } else if (c == ';') {
        add(statements, sql.substring(start, i), hasCode);
        start = i + 1;
        hasCode = false;
        i++;
      } else {
        if (!Character.isWhitespace(c)) {
          hasCode = true;
        }
        i++;
      }
    }
    add(statements, sql.substring(start), hasCode);
    return statements;
  }

  /** The first word of a statement, upper case, after any white space and comments ("" if none). */
  static String keyword(String sql) {
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else if (sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else {
        break;
      }
    }
    int start = i;
    while (i < n && Character.isLetter(sql.charAt(i))) {
      i++;
    }
    return sql.substring(start, i).toUpperCase(java.util.Locale.ROOT);
  }

  private static void add(List<String> statements, String statement, boolean hasCode) {
    if (hasCode) {
      statements.add(statement.strip());
    }
  }

  /** {@code E'...'} (C-style escapes): an E right before the quote, not the end of a longer word. */
  private static boolean isEscapePrefix(String sql, int quote) {
    if (quote == 0 || Character.toUpperCase(sql.charAt(quote - 1)) != 'E') {
      return false;
    }
    return quote == 1 || !Character.isJavaIdentifierPart(sql.charAt(quote - 2));
  }

  /** The index after the quoted text that starts at {@code open}; a doubled quote stands for itself. */
  private static int endOfQuoted(String sql, int open, boolean backslashEscapes) {
    char quote = sql.charAt(open);
    int i = open + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (backslashEscapes && c == '\\') {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return sql.length(); // unterminated: the parser reports it
  }
}
