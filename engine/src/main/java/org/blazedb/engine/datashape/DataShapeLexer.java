package org.blazedb.engine.datashape;

import java.util.function.IntPredicate;

/** Splits DataShape text into tokens on demand, skipping whitespace and {@code #} comments. */
final class DataShapeLexer {

  enum Kind {
    IDENT,
    INT,
    STRING,
    STAR,
    COMMA,
    SEMICOLON,
    COLON,
    EQUALS,
    QUESTION,
    LBRACE,
    RBRACE,
    LPAREN,
    RPAREN,
    LBRACKET,
    RBRACKET,
    ELLIPSIS,
    EOF
  }

  /**
   * One token; {@code text} is the source text, except for {@link Kind#STRING} where it is the
   * unquoted, unescaped value.
   */
  record Token(Kind kind, String text, int line, int column) {
    boolean is(Kind k) {
      return kind == k;
    }

    boolean isIdent(String name) {
      return kind == Kind.IDENT && text.equals(name);
    }

    /** The token as an error message names it after "found". */
    String describe() {
      return switch (kind) {
        case EOF -> "end of input";
        case STRING -> "string " + DataShapePrinter.quote(text);
        default -> "'" + text + "'";
      };
    }
  }

  private final String src;
  private int pos;
  private int line = 1;
  private int column = 1;

  DataShapeLexer(String src) {
    this.src = src;
  }

  /** The next token; at the end, {@link Kind#EOF} every time. */
  Token next() {
    skipSpaceAndComments();
    int startLine = line;
    int startColumn = column;
    if (pos >= src.length()) {
      return new Token(Kind.EOF, "", startLine, startColumn);
    }
    char c = src.charAt(pos);
    if (isIdentStart(c)) {
      return new Token(Kind.IDENT, takeWhile(DataShapeLexer::isIdentPart), startLine, startColumn);
    }
    if (isDigit(c)) {
      return new Token(Kind.INT, takeWhile(DataShapeLexer::isDigit), startLine, startColumn);
    }
    if (c == '\'' || c == '"') {
      return new Token(Kind.STRING, quoted(c), startLine, startColumn);
    }
    if (c == '.') {
      if (!src.startsWith("...", pos)) {
        throw new DataShapeSyntaxException(
            "expected '...' but found '" + src.substring(pos, Math.min(pos + 3, src.length())) + "'",
            startLine,
            startColumn);
      }
      advance(3);
      return new Token(Kind.ELLIPSIS, "...", startLine, startColumn);
    }
    Kind kind =
        switch (c) {
          case '*' -> Kind.STAR;
          case ',' -> Kind.COMMA;
          case ';' -> Kind.SEMICOLON;
          case ':' -> Kind.COLON;
          case '=' -> Kind.EQUALS;
          case '?' -> Kind.QUESTION;
          case '{' -> Kind.LBRACE;
          case '}' -> Kind.RBRACE;
          case '(' -> Kind.LPAREN;
          case ')' -> Kind.RPAREN;
          case '[' -> Kind.LBRACKET;
          case ']' -> Kind.RBRACKET;
          default ->
              throw new DataShapeSyntaxException(
                  "expected a type, a name or punctuation but found " + describeChar(c),
                  startLine,
                  startColumn);
        };
    advance(1);
    return new Token(kind, String.valueOf(c), startLine, startColumn);
  }

  private void skipSpaceAndComments() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == '#') {
        while (pos < src.length() && src.charAt(pos) != '\n') {
          advance(1);
        }
      } else if (Character.isWhitespace(c)) {
        advance(1);
      } else {
        return;
      }
    }
  }

  private String takeWhile(IntPredicate part) {
    int start = pos;
    while (pos < src.length() && part.test(src.charAt(pos))) {
      advance(1);
    }
    return src.substring(start, pos);
  }

  /** A quoted string starting at the opening {@code quote}; strings end on the line they start. */
  private String quoted(char quote) {
    String start = "line " + line + ", column " + column;
    advance(1);
    StringBuilder value = new StringBuilder();
    while (true) {
      if (pos >= src.length() || src.charAt(pos) == '\n') {
        throw new DataShapeSyntaxException(
            "expected a closing "
                + quote
                + " for the string at "
                + start
                + " but found "
                + (pos >= src.length() ? "end of input" : "end of line"),
            line,
            column);
      }
      char c = src.charAt(pos);
      if (c == quote) {
        advance(1);
        return value.toString();
      }
      if (c == '\\') {
        value.append(escape());
      } else {
        value.append(c);
        advance(1);
      }
    }
  }

  /** The character a backslash escape at {@code pos} stands for. */
  private char escape() {
    int escLine = line;
    int escColumn = column;
    char c = pos + 1 < src.length() ? src.charAt(pos + 1) : 0;
    char value =
        switch (c) {
          case '\\', '\'', '"' -> c;
          case 'n' -> '\n';
          case 'r' -> '\r';
          case 't' -> '\t';
          case 'u' -> unicodeEscape(escLine, escColumn);
          default ->
              throw new DataShapeSyntaxException(
                  "expected an escape (\\\\, \\', \\\", \\n, \\r, \\t or \\uXXXX) but found "
                      + (pos + 1 < src.length() ? "'\\" + c + "'" : "end of input"),
                  escLine,
                  escColumn);
        };
    advance(c == 'u' ? 6 : 2);
    return value;
  }

  private char unicodeEscape(int escLine, int escColumn) {
    String hex = src.substring(pos + 2, Math.min(pos + 6, src.length()));
    if (hex.length() != 4 || !hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
      throw new DataShapeSyntaxException(
          "expected four hex digits after '\\u' but found '" + hex + "'", escLine, escColumn);
    }
    return (char) Integer.parseInt(hex, 16);
  }

  private void advance(int n) {
    for (int i = 0; i < n; i++) {
      if (src.charAt(pos++) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
  }

  private static String describeChar(char c) {
    return c < ' ' || c == 0x7f ? String.format("character U+%04X", (int) c) : "'" + c + "'";
  }

  static boolean isIdentStart(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  static boolean isIdentPart(int c) {
    return isIdentStart(c) || isDigit(c);
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }
}
