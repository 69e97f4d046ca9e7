package org.blazedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Types;
import java.util.List;
import java.util.stream.Stream;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeName;
import org.blazedb.calcite.TypeMapping;
import org.blazedb.engine.datashape.DataShape;
import org.blazedb.engine.datashape.DataShapeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The DataShape to SQL type mapping ({@link TypeMapping}), and back, as the JDBC driver's connections use it. */
class TypeMappingTest {
  private static final int ANY = Integer.MIN_VALUE;
  private static final RelDataTypeFactory TYPES = new JavaTypeFactoryImpl(TypeMapping.TYPE_SYSTEM);

  private static RelDataType sql(String shape) {
    return TypeMapping.sqlType(TYPES, DataShapeParser.parse(shape));
  }

  static Stream<Arguments> mappings() {
    return Stream.of(
        Arguments.of("bool", SqlTypeName.BOOLEAN, Types.BOOLEAN, ANY, ANY),
        Arguments.of("int8", SqlTypeName.TINYINT, Types.TINYINT, ANY, ANY),
        Arguments.of("int16", SqlTypeName.SMALLINT, Types.SMALLINT, ANY, ANY),
        Arguments.of("int32", SqlTypeName.INTEGER, Types.INTEGER, ANY, ANY),
        Arguments.of("int64", SqlTypeName.BIGINT, Types.BIGINT, ANY, ANY),
        Arguments.of("uint8", SqlTypeName.SMALLINT, Types.SMALLINT, ANY, ANY),
        Arguments.of("uint16", SqlTypeName.INTEGER, Types.INTEGER, ANY, ANY),
        Arguments.of("uint32", SqlTypeName.BIGINT, Types.BIGINT, ANY, ANY),
        Arguments.of("uint64", SqlTypeName.DECIMAL, Types.DECIMAL, 20, 0),
        Arguments.of("float32", SqlTypeName.REAL, Types.REAL, ANY, ANY),
        Arguments.of("float64", SqlTypeName.DOUBLE, Types.DOUBLE, ANY, ANY),
        Arguments.of("decimal[10, 2]", SqlTypeName.DECIMAL, Types.DECIMAL, 10, 2),
        Arguments.of("decimal[30, 5]", SqlTypeName.DECIMAL, Types.DECIMAL, 30, 5),
        Arguments.of("decimal[38, 0]", SqlTypeName.DECIMAL, Types.DECIMAL, 38, 0),
        Arguments.of("string", SqlTypeName.VARCHAR, Types.VARCHAR, ANY, ANY),
        Arguments.of("string[3]", SqlTypeName.VARCHAR, Types.VARCHAR, 3, ANY),
        Arguments.of("bytes", SqlTypeName.VARBINARY, Types.VARBINARY, ANY, ANY),
        Arguments.of("json", SqlTypeName.VARCHAR, Types.VARCHAR, ANY, ANY),
        Arguments.of("date", SqlTypeName.DATE, Types.DATE, ANY, ANY),
        Arguments.of("time", SqlTypeName.TIME, Types.TIME, ANY, ANY),
        Arguments.of("datetime", SqlTypeName.TIMESTAMP, Types.TIMESTAMP, ANY, ANY),
        Arguments.of("datetime[tz='UTC']", SqlTypeName.TIMESTAMP, Types.TIMESTAMP, ANY, ANY),
        Arguments.of("categorical[['low', 'high']]", SqlTypeName.VARCHAR, Types.VARCHAR, ANY, ANY),
        Arguments.of("timedelta", SqlTypeName.BIGINT, Types.BIGINT, ANY, ANY),
        Arguments.of("{a: int32, b: ?string}", SqlTypeName.ROW, Types.STRUCT, ANY, ANY),
        Arguments.of("(int32, string)", SqlTypeName.ROW, Types.STRUCT, ANY, ANY),
        Arguments.of("var * int32", SqlTypeName.ARRAY, Types.ARRAY, ANY, ANY),
        Arguments.of("var * {x: float64}", SqlTypeName.ARRAY, Types.ARRAY, ANY, ANY));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("mappings")
  void dataShapeToSqlAndJdbcType(String shape, SqlTypeName name, int jdbc, int precision, int scale) {
    RelDataType type = sql(shape);
    assertEquals(name, type.getSqlTypeName());
    assertEquals(jdbc, type.getSqlTypeName().getJdbcOrdinal());
    assertFalse(type.isNullable(), shape + " is not an option");
    if (precision != ANY) {
      assertEquals(precision, type.getPrecision(), "precision");
    }
    if (scale != ANY) {
      assertEquals(scale, type.getScale(), "scale");
    }
    RelDataType option = sql("?" + shape);
    assertTrue(option.isNullable(), "?" + shape + " is nullable");
    assertEquals(name, option.getSqlTypeName());
  }

  @Test
  void recordFieldsKeepNamesOrderAndNullability() {
    RelDataType row = sql("{id: int64, name: ?string, geo: {level: string}}");
    List<RelDataTypeField> fields = row.getFieldList();
    assertEquals(List.of("id", "name", "geo"), fields.stream().map(RelDataTypeField::getName).toList());
    assertEquals(List.of(false, true, false), fields.stream().map(f -> f.getType().isNullable()).toList());
    assertEquals(SqlTypeName.ROW, fields.get(2).getType().getSqlTypeName());
    assertEquals(List.of("f0", "f1"), sql("(int32, string)").getFieldNames());
  }

  @Test
  void arrayElementTypes() {
    RelDataType array = sql("var * ?{x: float64}");
    assertEquals(SqlTypeName.ROW, array.getComponentType().getSqlTypeName());
    assertTrue(array.getComponentType().isNullable());
    assertEquals(SqlTypeName.ARRAY, sql("var * var * int32").getComponentType().getSqlTypeName());
  }

  @Test
  void tableRowTypeNeedsRecordsInADimension() {
    assertEquals(List.of("a", "b"),
        TypeMapping.rowType(TYPES, DataShapeParser.parse("var * {a: int32, b: string}")).getFieldNames());
    assertThrows(IllegalArgumentException.class, () -> TypeMapping.rowType(TYPES, DataShapeParser.parse("var * int32")));
    assertThrows(IllegalArgumentException.class, () -> TypeMapping.rowType(TYPES, DataShapeParser.parse("{a: int32}")));
  }

  /** SQL-native shapes come back unchanged from their SQL type (CREATE TABLE ... AS relies on it). */
  @ParameterizedTest
  @ValueSource(strings = {"bool", "int8", "int16", "int32", "int64", "float32", "float64", "decimal[10, 2]",
      "decimal[30, 5]", "string", "string[3]", "bytes", "date", "time", "datetime", "?int32", "?string",
      "{a: int32, b: ?string}", "var * int32", "var * {x: ?float64, y: var * string}"})
  void sqlTypeBackToTheSameDataShape(String shape) {
    DataShape parsed = DataShapeParser.parse(shape);
    assertEquals(parsed, TypeMapping.dataShape(TypeMapping.sqlType(TYPES, parsed)));
  }

  /** Shapes SQL has no exact type for come back as their nearest SQL-native shape. */
  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("widened")
  void widenedShapesComeBackAsTheirSqlType(String shape, String back) {
    assertEquals(DataShapeParser.parse(back), TypeMapping.dataShape(sql(shape)));
  }

  static Stream<Arguments> widened() {
    return Stream.of(
        Arguments.of("uint8", "int16"),
        Arguments.of("uint16", "int32"),
        Arguments.of("uint32", "int64"),
        Arguments.of("uint64", "decimal[20, 0]"),
        Arguments.of("json", "string"),
        Arguments.of("categorical[['low', 'high']]", "string"),
        Arguments.of("datetime[tz='UTC']", "datetime"),
        // SQL makes the fields of a nullable ROW nullable too.
        Arguments.of("?{a: int32, b: ?string}", "?{a: ?int32, b: ?string}"));
  }

  @Test
  void sqlTypesOfCreateTable() {
    assertEquals(DataShapeParser.parse("?float64"),
        TypeMapping.dataShape(TYPES.createTypeWithNullability(TYPES.createSqlType(SqlTypeName.FLOAT), true)));
    assertEquals(DataShapeParser.parse("string[10]"), TypeMapping.dataShape(TYPES.createSqlType(SqlTypeName.CHAR, 10)));
    assertEquals(DataShapeParser.parse("bytes"), TypeMapping.dataShape(TYPES.createSqlType(SqlTypeName.BINARY, 4)));
    assertEquals(DataShapeParser.parse("datetime[tz='UTC']"),
        TypeMapping.dataShape(TYPES.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TypeMapping.dataShape(
        TYPES.createSqlIntervalType(new org.apache.calcite.sql.SqlIntervalQualifier(
            org.apache.calcite.avatica.util.TimeUnit.DAY, null, org.apache.calcite.sql.parser.SqlParserPos.ZERO))));
    assertTrue(e.getMessage().contains("INTERVAL"), e.getMessage());
  }

  @Test
  void connectionsAllowDecimalsOf38Digits() {
    assertEquals(38, TypeMapping.TYPE_SYSTEM.getMaxPrecision(SqlTypeName.DECIMAL));
    assertEquals(38, TYPES.createSqlType(SqlTypeName.DECIMAL, 38, 10).getPrecision());
  }
}
