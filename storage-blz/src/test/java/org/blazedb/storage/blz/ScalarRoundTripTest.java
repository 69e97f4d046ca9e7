package org.blazedb.storage.blz;

import static org.blazedb.storage.blz.BlzTestSupport.assertRows;
import static org.blazedb.storage.blz.BlzTestSupport.loadJson;
import static org.blazedb.storage.blz.BlzTestSupport.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scalar type survives JSON load, storage and read back: as {@code T} and as {@code ?T} with
 * both JSON null and absent fields, across many 3-row chunks, read sequentially and at random.
 */
class ScalarRoundTripTest {
  private static final int CHUNK_ROWS = 3;
  private static final int ROWS = 23; // 8 chunks, the last one partial

  /**
   * One type: JSON literals and the Java values {@link RowReader} must give back for them.
   *
   * @param view applied to values read back before comparing (e.g. json text to a tree)
   */
  record Case(String type, List<String> json, List<Object> expected, UnaryOperator<Object> view) {
    Case(String type, List<String> json, List<Object> expected) {
      this(type, json, expected, UnaryOperator.identity());
    }

    @Override
    public String toString() {
      return type;
    }
  }

  private static final String LONG_TEXT = "long text over the 64-byte statistics limit: " + "ä€𝄞".repeat(20);
  private static final byte[] SOME_BYTES = new byte[100];

  static {
    for (int i = 0; i < SOME_BYTES.length; i++) {
      SOME_BYTES[i] = (byte) (i * 37 - 128);
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("bool", List.of("true", "false"), List.of(true, false)),
        new Case("int8", List.of("-128", "127", "0", "-1"), List.of(-128L, 127L, 0L, -1L)),
        new Case("int16", List.of("-32768", "32767", "12345"), List.of(-32768L, 32767L, 12345L)),
        new Case("int32", List.of("-2147483648", "2147483647", "7"), List.of(-2147483648L, 2147483647L, 7L)),
        new Case("int64", List.of("-9223372036854775808", "9223372036854775807", "42"),
            List.of(Long.MIN_VALUE, Long.MAX_VALUE, 42L)),
        new Case("uint8", List.of("0", "255", "128"), List.of(0L, 255L, 128L)),
        new Case("uint16", List.of("0", "65535", "40000"), List.of(0L, 65535L, 40000L)),
        new Case("uint32", List.of("0", "4294967295", "3000000000"), List.of(0L, 4294967295L, 3000000000L)),
        new Case("uint64",
            List.of("0", "9223372036854775807", "9223372036854775808", "18446744073709551615", "12345"),
            List.of(0L, Long.MAX_VALUE, new BigInteger("9223372036854775808"),
                new BigInteger("18446744073709551615"), 12345L)),
        new Case("float32", List.of("1.5", "-0.25", "3.4028235E38", "1e-45", "0.1", "7"),
            List.of(1.5f, -0.25f, Float.MAX_VALUE, Float.MIN_VALUE, 0.1f, 7f)),
        new Case("float64", List.of("0.1", "-1.7976931348623157E308", "4.9E-324", "123456789012345.67", "-0.0", "3"),
            List.of(0.1, -Double.MAX_VALUE, Double.MIN_VALUE, 123456789012345.67, -0.0, 3.0)),
        new Case("decimal[10,2]", List.of("12345678.91", "-0.01", "0", "\"42.5\"", "7", "-99999999.99"),
            List.of(new BigDecimal("12345678.91"), new BigDecimal("-0.01"), new BigDecimal("0.00"),
                new BigDecimal("42.50"), new BigDecimal("7.00"), new BigDecimal("-99999999.99"))),
        new Case("decimal[30,5]",
            List.of("1234567890123456789012345.12345", "-1234567890123456789012345.12345", "\"0.00001\"", "-1", "0"),
            List.of(new BigDecimal("1234567890123456789012345.12345"),
                new BigDecimal("-1234567890123456789012345.12345"), new BigDecimal("0.00001"),
                new BigDecimal("-1.00000"), new BigDecimal("0.00000"))),
        new Case("string",
            List.of("\"\"", "\"hello\"", "\"héllo wörld ☃ 😀\"", "\"quote \\\" backslash \\\\ nl \\n tab \\t\"",
                quote(LONG_TEXT)),
            List.of("", "hello", "héllo wörld ☃ 😀", "quote \" backslash \\ nl \n tab \t", LONG_TEXT)),
        new Case("string[2]", List.of("\"ab\"", "\"é😀\"", "\"\"", "\"x\""), List.of("ab", "é😀", "", "x")),
        new Case("bytes",
            List.of(quote(Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, -1})), "\"\"",
                quote(Base64.getEncoder().encodeToString(SOME_BYTES))),
            List.of("bytes:000102ff", "bytes:", BlzTestSupport.comparable(SOME_BYTES))),
        new Case("json",
            List.of("{\"a\": [1, 2, {\"b\": null}], \"c\": \"x\", \"d\": 1.25}", "[1, \"two\", 3.5, true, {}]", "5",
                "\"str\"", "true", "[]", "-7.5e-3"),
            List.of(JsonShapeAssert.parse("{\"a\":[1,2,{\"b\":null}],\"c\":\"x\",\"d\":1.25}"),
                JsonShapeAssert.parse("[1,\"two\",3.5,true,{}]"), JsonShapeAssert.parse("5"),
                JsonShapeAssert.parse("\"str\""), JsonShapeAssert.parse("true"), JsonShapeAssert.parse("[]"),
                JsonShapeAssert.parse("-0.0075")),
            v -> v == null ? null : JsonShapeAssert.parse((String) v)),
        new Case("date", List.of("\"2024-02-29\"", "\"1969-12-31\"", "\"0001-01-01\"", "\"9999-12-31\""),
            List.of(LocalDate.of(2024, 2, 29), LocalDate.of(1969, 12, 31), LocalDate.of(1, 1, 1),
                LocalDate.of(9999, 12, 31))),
        new Case("time", List.of("\"00:00\"", "\"13:45:30.123456\"", "\"23:59:59.999999\""),
            List.of(LocalTime.MIDNIGHT, LocalTime.of(13, 45, 30, 123_456_000), LocalTime.of(23, 59, 59, 999_999_000))),
        new Case("datetime",
            List.of("\"2024-02-29T13:45:30.123456\"", "\"1969-12-31T23:59:59.999999\"", "\"2024-01-01 00:00:00\"",
                "\"2024-01-01T00:00:00+02:00\"", "\"1600-06-15T12:00\""),
            List.of(LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_000),
                LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000), LocalDateTime.of(2024, 1, 1, 0, 0),
                LocalDateTime.of(2023, 12, 31, 22, 0), LocalDateTime.of(1600, 6, 15, 12, 0))),
        new Case("datetime[tz='UTC']",
            List.of("\"2024-02-29T13:45:30.5Z\"", "\"2024-01-01T00:00:00\"", "\"1900-01-01T00:00:00-05:00\""),
            List.of(Instant.parse("2024-02-29T13:45:30.5Z"), Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("1900-01-01T05:00:00Z"))),
        new Case("timedelta", List.of("0", "-86400000000", "9223372036854775807"),
            List.of(0L, -86_400_000_000L, Long.MAX_VALUE)),
        new Case("categorical[['low', 'mid', 'high']]", List.of("\"mid\"", "\"low\"", "\"high\""),
            List.of("mid", "low", "high")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void roundTrip(Case c, @TempDir Path dir) {
    // Row i: v is value i % n; o is null (i % 4 == 1), absent (i % 4 == 3) or value (i + 1) % n.
    StringBuilder json = new StringBuilder("[\n");
    List<Map<String, Object>> expected = new ArrayList<>();
    int n = c.json().size();
    for (int i = 0; i < ROWS; i++) {
      json.append(i == 0 ? "" : ",\n").append("{\"id\": ").append(i).append(", \"v\": ").append(c.json().get(i % n));
      Object o = null;
      switch (i % 4) {
        case 1 -> json.append(", \"o\": null");
        case 3 -> {}
        default -> {
          json.append(", \"o\": ").append(c.json().get((i + 1) % n));
          o = c.expected().get((i + 1) % n);
        }
      }
      json.append("}");
      expected.add(row("id", (long) i, "v", c.expected().get(i % n), "o", o));
    }
    json.append("\n]\n");
    BlzDatabase db = BlzDatabase.open(dir.resolve("db"), true);
    BlzTable table = loadJson(db, dir, "t", "var * {id: int64, v: " + c.type() + ", o: ?" + c.type() + "}",
        CHUNK_ROWS, json.toString());

    assertEquals(ROWS, table.snapshot().rows());
    assertEquals((ROWS + CHUNK_ROWS - 1) / CHUNK_ROWS, table.snapshot().chunks("v").size(), "chunks of v");
    // sequential
    List<Map<String, Object>> actual = BlzTestSupport.readAll(table).stream().map(r -> view(c, r)).toList();
    assertEquals(BlzTestSupport.comparable(expected), BlzTestSupport.comparable(actual));
    // random access, through a reopened database
    BlzTable reopened = BlzDatabase.open(dir.resolve("db"), false).table("t");
    assertEquals(table.shape(), reopened.shape());
    try (var reader = reopened.snapshot().rowReader()) {
      for (int i : new int[] {ROWS - 1, 0, 13, 2, 3, 20, 7, 7, 21, 1}) {
        assertEquals(BlzTestSupport.comparable(expected.get(i)), BlzTestSupport.comparable(view(c, reader.read(i))),
            "row " + i);
      }
    }
  }

  /** A row read back, with the case's view applied to its values. */
  private static Map<String, Object> view(Case c, Map<String, Object> r) {
    return row("id", r.get("id"), "v", c.view().apply(r.get("v")), "o", c.view().apply(r.get("o")));
  }

  /** In a non-optional json field JSON null is a document; in ?json it is a missing value. */
  @Test
  void jsonNullIsAValueOnlyInNonOptionalJson(@TempDir Path dir) {
    BlzDatabase db = BlzDatabase.open(dir.resolve("db"), true);
    BlzTable table = loadJson(db, dir, "t", "var * {j: json, o: ?json}", 2,
        "[{\"j\": null, \"o\": null}, {\"o\": \"null\"}, {\"j\": {\"k\": null}, \"o\": [null]}]");
    List<Map<String, Object>> rows = BlzTestSupport.readAll(table);
    assertEquals(row("j", "null", "o", null), rows.get(0));
    assertEquals(row("j", "null", "o", "\"null\""), rows.get(1), "absent json is the document null");
    assertEquals(JsonShapeAssert.parse("{\"k\":null}"), JsonShapeAssert.parse((String) rows.get(2).get("j")));
    assertEquals(JsonShapeAssert.parse("[null]"), JsonShapeAssert.parse((String) rows.get(2).get("o")));
  }

  /** Strings and bytes of many sizes, including chunks whose values are all empty. */
  @Test
  void variableLengthValuesOfAllSizes(@TempDir Path dir) {
    BlzDatabase db = BlzDatabase.open(dir.resolve("db"), true);
    StringBuilder json = new StringBuilder("[");
    List<Map<String, Object>> expected = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String s = i < 8 ? "" : "x".repeat(i * i * 7 % 5000);
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      json.append(i == 0 ? "" : ",").append("{\"s\": \"").append(s).append("\", \"b\": \"")
          .append(Base64.getEncoder().encodeToString(b)).append("\"}");
      expected.add(row("s", s, "b", b));
    }
    BlzTable table = loadJson(db, dir, "t", "var * {s: string, b: bytes}", 4, json.append("]").toString());
    assertTrue(table.snapshot().chunks("s").size() >= 10);
    assertRows(table, expected);
  }

  private static String quote(String s) {
    return "\"" + s + "\"";
  }
}
