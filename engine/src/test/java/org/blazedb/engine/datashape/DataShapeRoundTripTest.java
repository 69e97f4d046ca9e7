package org.blazedb.engine.datashape;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.blazedb.engine.datashape.RecordShape.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class DataShapeRoundTripTest {

  /** Text already in canonical form parses and prints back unchanged, and the shape round-trips. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "int32",
        "var * {id: int64, name: ?string, 'my field': string[2, 'ascii']}",
        "3 * var * int32",
        "0 * int8",
        "9223372036854775807 * uint64",
        "N * T",
        "N * M * float64",
        "... * int32",
        "Dims... * {x: float32}",
        "3 * Dims... * var * bool",
        "{}",
        "()",
        "(int32)",
        "(int32, string)",
        "?{a: int32}",
        "?3 * int32",
        "3 * ?int32",
        "?(int32, ?string)",
        "decimal[10, 2]",
        "decimal[38, 38]",
        "decimal[1, 0]",
        "string",
        "string[2]",
        "string[0]",
        "string[2, 'ascii']",
        "string['utf16']",
        "datetime",
        "datetime[tz='UTC']",
        "datetime[tz='Europe/Paris']",
        "timedelta",
        "timedelta[unit='ms']",
        "categorical[[]]",
        "categorical[['a', 'b']]",
        "categorical[['a', 'b'], type=int32, ordered=True]",
        "categorical[['lo', 'hi'], ordered=True]",
        "categorical[['x'], type=?string[3]]",
        "{var: int32, type: string, int64: bool, True: date, categorical: json, _x1: bytes}",
        "{'it\\'s': int32, 'back\\\\slash': int32, 'a.b': int32, '': int32, '1st': int32}",
        "{'line\\nbreak\\ttab\\r': time, 'bell\\u0007': int16, 'caf\u00e9': uint32}",
        "var * {a: 2 * (int32, ?{b: var * decimal[38, 38]}), c: categorical[['x'], type=?int8]}",
        "{a: {b: {c: {d: {e: var * var * 2 * (T, {f: ?datetime[tz='UTC']})}}}}}",
      })
  void canonicalTextRoundTrips(String text) {
    DataShape shape = DataShapeParser.parse(text);
    assertEquals(text, DataShapePrinter.print(shape));
    assertEquals(text, shape.toString());
    assertEquals(shape, DataShapeParser.parse(DataShapePrinter.print(shape)));
  }

  @ParameterizedTest
  @EnumSource(Primitive.class)
  void everyPrimitiveRoundTrips(Primitive primitive) {
    assertEquals(primitive, DataShapeParser.parse(primitive.keyword()));
    assertEquals(primitive.keyword(), DataShapePrinter.print(primitive));
  }

  /** Accepted spellings that are not canonical print in the canonical form. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{a: int32; b: string;}                        | {a: int32, b: string}",
        "{a: int32, b: string,}                        | {a: int32, b: string}",
        "{ \"a\" : int32 , 'b c':string }                | {a: int32, 'b c': string}",
        "{\"it's\": int32, 'say \"hi\"': int32}           | {'it\\'s': int32, 'say \"hi\"': int32}",
        "decimal[5]                                    | decimal[5, 0]",
        "decimal[ 7 ,2 ]                               | decimal[7, 2]",
        "timedelta[unit='us']                          | timedelta",
        "datetime[tz=\"UTC\"]                            | datetime[tz='UTC']",
        "categorical[[\"a\", 'b',], ordered=False, type=string] | categorical[['a', 'b']]",
        "categorical[['a'], ordered=true]              | categorical[['a'], ordered=True]",
        "(int32, string,)                              | (int32, string)",
        "string['\\u0041\\t']                          | string['A\\t']",
        "N ... * int32                                 | N... * int32",
        "3*var*int32                                   | 3 * var * int32",
        "?  int32                                      | ?int32",
      })
  void nonCanonicalTextPrintsCanonically(String text, String canonical) {
    assertEquals(canonical, DataShapePrinter.print(DataShapeParser.parse(text)));
  }

  @Test
  void commentsAndNewlinesAreWhitespace() {
    String text =
        """
        # a header comment
        var * # the rows
          {   # opening
            id: int64, # the key
            # a comment line between fields
            name: ?string
          } # done""";
    assertEquals("var * {id: int64, name: ?string}", DataShapeParser.parse(text).toString());
  }

  @Test
  void shapesBuiltInCodeRoundTrip() {
    List<DataShape> shapes =
        List.of(
            ArrayShape.varOf(
                new RecordShape(
                    List.of(
                        new Field("id", Primitive.INT64),
                        new Field("name", StringShape.STRING.asOption()),
                        new Field("my field", new StringShape(2, "ascii"))))),
            new TupleShape(List.of(new DecimalShape(12, 4), new TimeDeltaShape("ns"))),
            new ArrayShape(new Dim.Ellipsis(null), new TypeVarShape("T")),
            new CategoricalShape(List.of("it's", "a\\b", ""), Primitive.INT8, true),
            new RecordShape(List.of(new Field("quote'\"", new DateTimeShape("a'b")))));
    for (DataShape shape : shapes) {
      assertEquals(shape, DataShapeParser.parse(DataShapePrinter.print(shape)));
    }
    assertEquals(
        "var * {id: int64, name: ?string, 'my field': string[2, 'ascii']}", shapes.get(0).toString());
    assertEquals("(decimal[12, 4], timedelta[unit='ns'])", shapes.get(1).toString());
    assertEquals("categorical[['it\\'s', 'a\\\\b', ''], type=int8, ordered=True]", shapes.get(3).toString());
  }
}
