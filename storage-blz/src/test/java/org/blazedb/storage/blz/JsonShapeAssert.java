package org.blazedb.storage.blz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.blazedb.engine.datashape.ArrayShape;
import org.blazedb.engine.datashape.CategoricalShape;
import org.blazedb.engine.datashape.DataShape;
import org.blazedb.engine.datashape.DecimalShape;
import org.blazedb.engine.datashape.Primitive;
import org.blazedb.engine.datashape.RecordShape;
import org.blazedb.engine.datashape.StringShape;
import org.blazedb.engine.datashape.TimeDeltaShape;
import org.blazedb.engine.datashape.TupleShape;

/**
 * Compares a value read back ({@link RowReader}'s Java form) with the JSON it was loaded from, as
 * the DataShape says it was stored: records in the shape's field order with fields the shape lacks
 * ignored (or, when {@code allFields}, required to be in the shape), a missing or null input as
 * null, numbers numerically, json fields as parsed JSON.
 */
public final class JsonShapeAssert {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private final boolean allFields;

  private JsonShapeAssert(boolean allFields) {
    this.allFields = allFields;
  }

  /** Fields of the input that the shape does not have are ignored. */
  public static void assertProjected(DataShape shape, JsonNode expected, Object actual, String where) {
    new JsonShapeAssert(false).check(shape, expected, actual, where);
  }

  /** Every field of the input must be in the shape and match. */
  public static void assertComplete(DataShape shape, JsonNode expected, Object actual, String where) {
    new JsonShapeAssert(true).check(shape, expected, actual, where);
  }

  public static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  private void check(DataShape shape, JsonNode expected, Object actual, String where) {
    boolean absent = expected == null || expected.isNull() || expected.isMissingNode();
    DataShape type = shape.withoutOption();
    if (absent) {
      if (shape.isOption()) {
        assertNull(actual, where + ": a missing value");
      } else if (type == Primitive.JSON) {
        assertEquals(parse("null"), parse(assertInstanceOf(String.class, actual, where)), where + ": json null");
      } else {
        fail(where + ": the input has no value for the non-optional " + shape + ", yet it was loaded");
      }
      return;
    }
    switch (type) {
      case RecordShape record -> checkRecord(record, expected, actual, where);
      case TupleShape tuple -> {
        List<?> values = assertInstanceOf(List.class, actual, where);
        assertTrue(expected.isArray(), where + ": input is not an array");
        assertEquals(tuple.elements().size(), values.size(), where + ": tuple size");
        for (int i = 0; i < values.size(); i++) {
          check(tuple.elements().get(i), expected.get(i), values.get(i), where + "." + i);
        }
      }
      case ArrayShape array -> {
        List<?> values = assertInstanceOf(List.class, actual, where);
        assertTrue(expected.isArray(), where + ": input is not an array");
        assertEquals(expected.size(), values.size(), where + ": array length");
        for (int i = 0; i < values.size(); i++) {
          check(array.element(), expected.get(i), values.get(i), where + "[" + i + "]");
        }
      }
      case Primitive p -> checkPrimitive(p, expected, actual, where);
      case StringShape s -> assertEquals(text(expected, where), actual, where);
      case CategoricalShape c -> assertEquals(text(expected, where), actual, where);
      case DecimalShape d -> {
        BigDecimal value = assertInstanceOf(BigDecimal.class, actual, where);
        BigDecimal input = expected.isTextual() ? new BigDecimal(expected.textValue()) : expected.decimalValue();
        assertEquals(0, input.compareTo(value), where + ": " + input + " vs " + value);
        assertEquals(d.scale(), value.scale(), where + ": scale");
      }
      case TimeDeltaShape td -> assertEquals(integer(expected, where).longValueExact(), actual, where);
      default -> fail(where + ": no comparison for " + type);
    }
  }

  private void checkRecord(RecordShape record, JsonNode expected, Object actual, String where) {
    Map<?, ?> map = assertInstanceOf(Map.class, actual, where);
    assertTrue(expected.isObject(), where + ": input is not an object");
    List<String> names = record.fields().stream().map(RecordShape.Field::name).toList();
    assertEquals(names, new ArrayList<>(map.keySet()), where + ": fields in shape order");
    if (allFields) {
      expected.fieldNames().forEachRemaining(
          name -> assertTrue(names.contains(name), where + ": input field '" + name + "' is not in the shape"));
    }
    for (RecordShape.Field f : record.fields()) {
      check(f.type(), expected.get(f.name()), map.get(f.name()), where + "." + f.name());
    }
  }

  private static void checkPrimitive(Primitive p, JsonNode expected, Object actual, String where) {
    switch (p) {
      case BOOL -> {
        assertTrue(expected.isBoolean(), where + ": input is not a boolean");
        assertEquals(expected.booleanValue(), actual, where);
      }
      case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32, UINT64 -> {
        BigInteger value = switch (actual) {
          case Long l -> BigInteger.valueOf(l);
          case BigInteger b -> b;
          default -> throw new AssertionError(where + ": not an integer: " + actual);
        };
        assertEquals(integer(expected, where), value, where);
      }
      case FLOAT64 -> {
        assertTrue(expected.isNumber(), where + ": input is not a number");
        assertEquals(expected.doubleValue(), assertInstanceOf(Double.class, actual, where), where);
      }
      case FLOAT32 -> {
        assertTrue(expected.isNumber(), where + ": input is not a number");
        assertEquals((float) expected.doubleValue(), assertInstanceOf(Float.class, actual, where), where);
      }
      case JSON -> assertEquals(expected, parse(assertInstanceOf(String.class, actual, where)), where);
      case BYTES -> assertEquals(
          java.util.HexFormat.of().formatHex(Base64.getDecoder().decode(text(expected, where))),
          java.util.HexFormat.of().formatHex(assertInstanceOf(byte[].class, actual, where)), where);
      case DATE -> assertEquals(LocalDate.parse(text(expected, where)), actual, where);
      case TIME -> assertEquals(LocalTime.parse(text(expected, where)), actual, where);
    }
  }

  private static BigInteger integer(JsonNode expected, String where) {
    assertTrue(expected.isIntegralNumber(), where + ": input " + expected + " is not an integer");
    return expected.bigIntegerValue();
  }

  private static String text(JsonNode expected, String where) {
    assertTrue(expected.isTextual(), where + ": input " + expected + " is not a string");
    return expected.textValue();
  }
}
