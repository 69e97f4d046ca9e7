package org.blazedb.engine.datashape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.blazedb.engine.datashape.RecordShape.Field;
import org.junit.jupiter.api.Test;

/** The shapes the grammar's constructs stand for. */
class DataShapeParserTest {

  @Test
  void dimensionsNestOutermostFirst() {
    assertEquals(
        new ArrayShape(new Dim.Fixed(3), new ArrayShape(Dim.VAR, Primitive.INT32)),
        DataShapeParser.parse("3 * var * int32"));
  }

  @Test
  void uppercaseNamesAreSymbolicDimensionsOrTypeVariables() {
    assertEquals(
        new ArrayShape(new Dim.Symbolic("N"), new TypeVarShape("T")), DataShapeParser.parse("N * T"));
    assertEquals(
        new ArrayShape(new Dim.Ellipsis(null), Primitive.INT32), DataShapeParser.parse("... * int32"));
    assertEquals(
        new ArrayShape(new Dim.Ellipsis("Dims"), new ArrayShape(new Dim.Fixed(2), Primitive.BOOL)),
        DataShapeParser.parse("Dims... * 2 * bool"));
  }

  @Test
  void parameterisedTypesTakeDefaults() {
    assertEquals(new DecimalShape(9, 0), DataShapeParser.parse("decimal[9]"));
    assertEquals(new StringShape(null, "utf8"), DataShapeParser.parse("string['utf8']"));
    assertEquals(new StringShape(4, "ascii"), DataShapeParser.parse("string[4, \"ascii\"]"));
    assertSame(StringShape.STRING, DataShapeParser.parse("string"));
    assertEquals(DateTimeShape.NAIVE, DataShapeParser.parse("datetime"));
    assertEquals(new TimeDeltaShape("us"), DataShapeParser.parse("timedelta"));
    assertEquals(
        new CategoricalShape(List.of("a", "b"), StringShape.STRING, false),
        DataShapeParser.parse("categorical[['a', 'b']]"));
    assertEquals(
        new CategoricalShape(List.of("lo", "hi"), Primitive.INT16, true),
        DataShapeParser.parse("categorical[['lo', 'hi'], ordered=True, type=int16]"));
  }

  @Test
  void fieldNamesMayBeAnyIdentifierOrQuotedString() {
    RecordShape record =
        (RecordShape) DataShapeParser.parse("{var: int8, type: int8, \"a \\\"b\\\".c\": int8; 'd\\\\e': int8}");
    assertEquals(
        List.of("var", "type", "a \"b\".c", "d\\e"),
        record.fields().stream().map(Field::name).toList());
  }

  @Test
  void definitionsAreResolvedEagerly() {
    DataShapeParser.Document doc =
        DataShapeParser.parseDocument(
            """
            type Point = {x: float64, y: float64}
            type Path = var * Point
            {name: string, path: Path, extra: T}
            """);
    DataShape point =
        new RecordShape(List.of(new Field("x", Primitive.FLOAT64), new Field("y", Primitive.FLOAT64)));
    assertEquals(List.of("Point", "Path"), List.copyOf(doc.definitions().keySet()));
    assertEquals(point, doc.definitions().get("Point"));
    assertEquals(ArrayShape.varOf(point), doc.definitions().get("Path"));
    assertEquals(
        "{name: string, path: var * {x: float64, y: float64}, extra: T}", doc.result().toString());
  }

  @Test
  void documentEndingWithDefinitionYieldsTheLastDefinition() {
    String text = "type A = int32\ntype B = (A, A)";
    assertEquals(new TupleShape(List.of(Primitive.INT32, Primitive.INT32)), DataShapeParser.parse(text));
  }

  @Test
  void definedNameBeforeStarIsStillADimension() {
    assertEquals(
        new ArrayShape(new Dim.Symbolic("A"), Primitive.INT32),
        DataShapeParser.parse("type A = string\nA * int32"));
  }
}
