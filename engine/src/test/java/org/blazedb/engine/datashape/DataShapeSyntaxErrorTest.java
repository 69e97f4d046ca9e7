package org.blazedb.engine.datashape;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Errors name the line and column, what was expected and what was found. */
class DataShapeSyntaxErrorTest {

  private static void assertError(String text, int line, int column, String reason) {
    DataShapeSyntaxException e =
        assertThrows(DataShapeSyntaxException.class, () -> DataShapeParser.parse(text));
    assertAll(
        text,
        () -> assertEquals(reason, e.getReason()),
        () -> assertEquals(line, e.getLine(), "line"),
        () -> assertEquals(column, e.getColumn(), "column"),
        () ->
            assertEquals(
                "DataShape syntax error at line " + line + ", column " + column + ": " + reason,
                e.getMessage()));
  }

  @Test
  void missingColon() {
    assertError(
        "{\n  name: string,\n  id = int64\n}", 3, 6, "expected ':' after field name 'id' but found '='");
  }

  @Test
  void unclosedBrace() {
    assertError(
        "var * {a: int32, b: string",
        1,
        27,
        "expected ',', ';' or '}' after field 'b' but found end of input");
    assertError("{a: int32,\n", 2, 1, "expected a field name or '}' but found end of input");
    assertError("(int32, string", 1, 15, "expected ',' or ')' in tuple but found end of input");
  }

  @Test
  void unknownType() {
    assertError("{a: foo}", 1, 5, "expected a type but found unknown type 'foo'");
    assertError("var * int", 1, 7, "expected a type but found unknown type 'int'");
    assertError("{a: }", 1, 5, "expected a type but found '}'");
  }

  @Test
  void badDimension() {
    assertError(
        "int32 * int32",
        1,
        1,
        "expected a dimension (an integer, 'var', a type variable or '...') but found 'int32'");
    assertError("3 int32", 1, 3, "expected '*' after dimension '3' but found 'int32'");
    assertError("var", 1, 4, "expected '*' after dimension 'var' but found end of input");
    assertError(
        "99999999999999999999 * int8",
        1,
        1,
        "expected a dimension length of at most 9223372036854775807 but found 99999999999999999999");
  }

  @Test
  void badDecimal() {
    assertError("decimal[40, 2]", 1, 9, "expected a decimal precision from 1 to 38 but found 40");
    assertError("decimal[0]", 1, 9, "expected a decimal precision from 1 to 38 but found 0");
    assertError("decimal[5, 6]", 1, 12, "expected a decimal scale from 0 to the precision 5 but found 6");
    assertError("decimal[]", 1, 9, "expected a precision in decimal[...] but found ']'");
    assertError("decimal", 1, 8, "expected '[' after 'decimal' but found end of input");
    assertError("decimal[5, 2", 1, 13, "expected ']' to close decimal[...] but found end of input");
  }

  @Test
  void duplicates() {
    assertError(
        "{a: int32,\n a: string}",
        2,
        2,
        "expected a new field name but found duplicate field 'a', first at line 1, column 2");
    assertError(
        "{'a b': int32, \"a b\": int32}",
        1,
        16,
        "expected a new field name but found duplicate field 'a b', first at line 1, column 2");
    assertError(
        "categorical[['a', 'b', 'a']]", 1, 24, "expected distinct categories but found string 'a' twice");
    assertError(
        "categorical[['a'], ordered=True, ordered=False]",
        1,
        34,
        "expected each keyword argument once but found 'ordered' again");
    assertError(
        "type A = int32\ntype A = int64",
        2,
        6,
        "expected a new type name but found 'A', already defined at line 1, column 6");
  }

  @Test
  void optionOfOption() {
    assertError(
        "{a: ??int32}",
        1,
        6,
        "expected a type that is not an option after '?' but found ?int32 (??T is not a DataShape)");
    assertError(
        "type Maybe = ?int32\n{a: ?Maybe}",
        2,
        6,
        "expected a type that is not an option after '?' but found ?int32 (??T is not a DataShape)");
  }

  @Test
  void trailingGarbage() {
    assertError("int32 int64", 1, 7, "expected end of input after the type but found 'int64'");
    assertError("{a: int32}}", 1, 11, "expected end of input after the type but found '}'");
    assertError("{a: int32} type B = int8", 1, 12, "expected end of input after the type but found 'type'");
  }

  @Test
  void emptyInput() {
    assertError("", 1, 1, "expected a type but found end of input");
    assertError("  # only a comment\n", 2, 1, "expected a type but found end of input");
  }

  @Test
  void badTokens() {
    assertError("{a: @}", 1, 5, "expected a type, a name or punctuation but found '@'");
    assertError(".. * int32", 1, 1, "expected '...' but found '.. '");
    assertError(
        "{'abc: int32}",
        1,
        14,
        "expected a closing ' for the string at line 1, column 2 but found end of input");
    assertError(
        "{\"abc\n: int32}",
        1,
        6,
        "expected a closing \" for the string at line 1, column 2 but found end of line");
    assertError(
        "{'a\\qb': int32}",
        1,
        4,
        "expected an escape (\\\\, \\', \\\", \\n, \\r, \\t or \\uXXXX) but found '\\q'");
    assertError("string['\\u12']", 1, 9, "expected four hex digits after '\\u' but found '12']'");
  }

  @Test
  void badParameters() {
    assertError("string[]", 1, 8, "expected a length or a quoted encoding in string[...] but found ']'");
    assertError("string[2, ascii]", 1, 11, "expected a quoted encoding after ',' in string[...] but found 'ascii'");
    assertError("datetime[zone='UTC']", 1, 10, "expected 'tz=' in datetime[...] but found 'zone'");
    assertError("datetime[tz=UTC]", 1, 13, "expected a quoted value after 'tz=' but found 'UTC'");
    assertError("timedelta[unit='ms'", 1, 20, "expected ']' to close timedelta[...] but found end of input");
    assertError("categorical['a']", 1, 13, "expected '[' to start the list of categories but found string 'a'");
    assertError(
        "categorical[['a'], ordered=yes]", 1, 28, "expected True or False after 'ordered=' but found 'yes'");
    assertError(
        "categorical[['a'], sorted=True]",
        1,
        20,
        "expected 'type=' or 'ordered=' in categorical[...] but found 'sorted'");
  }

  @Test
  void badDefinitions() {
    assertError(
        "type point = int32",
        1,
        6,
        "expected a type name starting with an uppercase letter after 'type' but found 'point'");
    assertError("type A int32", 1, 8, "expected '=' after type name 'A' but found 'int32'");
    assertError(
        "type Node = {next: ?Node}",
        1,
        21,
        "expected a type defined earlier but found 'Node', which is being defined");
  }

  @Test
  void hostileNestingIsASyntaxError() {
    String text = "{a: ".repeat(100_000);
    DataShapeSyntaxException e =
        assertThrows(DataShapeSyntaxException.class, () -> DataShapeParser.parse(text));
    assertTrue(e.getReason().startsWith("expected types nested at most 500 deep"), e.getMessage());
  }
}
