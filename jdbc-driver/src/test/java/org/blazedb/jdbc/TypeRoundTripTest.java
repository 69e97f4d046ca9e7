package org.blazedb.jdbc;

import static org.blazedb.jdbc.JdbcTestSupport.JSON;
import static org.blazedb.jdbc.JdbcTestSupport.connect;
import static org.blazedb.jdbc.JdbcTestSupport.plain;
import static org.blazedb.jdbc.JdbcTestSupport.row;
import static org.blazedb.jdbc.JdbcTestSupport.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every DataShape type, loaded through the storage API from JSON written here, read back through
 * the JDBC getters: values, nulls and wasNull, arrays, structs, and result set metadata.
 */
class TypeRoundTripTest {
  private static final String CATEGORIES = "categorical[['low', 'mid', 'high']]";
  private static final String SHAPE = "var * {id: int32, b: bool, i8: int8, i16: int16, i32: int32, i64: int64,"
      + " u8: uint8, u16: uint16, u32: uint32, u64: uint64, f32: float32, f64: float64,"
      + " d10: decimal[10, 2], d30: decimal[30, 5], s: string, s3: string[3], bin: bytes, j: json,"
      + " day: date, tod: time, ts: datetime, utc: datetime[tz='UTC'], cat: " + CATEGORIES + ","
      + " rec: {x: int32, y: ?string, deep: {z: float64}}, ints: var * int32, recs: var * {p: string, q: ?float64},"
      + " o_bool: ?bool, o_int: ?int32, o_long: ?int64, o_double: ?float64, o_dec: ?decimal[10, 2],"
      + " o_str: ?string, o_bin: ?bytes, o_day: ?date, o_tod: ?time, o_ts: ?datetime, o_cat: ?" + CATEGORIES + ","
      + " o_rec: ?{x: int32}, o_ints: ?var * int32, holes: var * ?int32}";

  /** Row 1: extremes, and every option null; row 2: other values, every option present. */
  private static final String DATA = """
      [{"id": 1, "b": true, "i8": -128, "i16": 32767, "i32": -2147483648, "i64": 9223372036854775807,
        "u8": 255, "u16": 65535, "u32": 4294967295, "u64": 18446744073709551615, "f32": 1.5, "f64": 0.1,
        "d10": "12345678.91", "d30": "1234567890123456789012345.12345", "s": "héllo wörld ☃ 😀", "s3": "abc",
        "bin": "AAEC/w==", "j": {"a": [1, 2, {"b": null}], "c": "x"}, "day": "2024-02-29", "tod": "13:45:30.123",
        "ts": "2024-02-29T13:45:30.123", "utc": "2024-02-29T13:45:30.5Z", "cat": "mid",
        "rec": {"x": 7, "y": null, "deep": {"z": 2.5}}, "ints": [1, 2, 3],
        "recs": [{"p": "a", "q": 1.5}, {"p": "b", "q": null}],
        "o_bool": null, "o_int": null, "o_long": null, "o_double": null, "o_dec": null, "o_str": null,
        "o_bin": null, "o_day": null, "o_tod": null, "o_ts": null, "o_cat": null, "o_rec": null, "o_ints": null,
        "holes": [1, null, 3]},
       {"id": 2, "b": false, "i8": 127, "i16": -32768, "i32": 2147483647, "i64": -9223372036854775808,
        "u8": 0, "u16": 0, "u32": 0, "u64": 12345, "f32": -0.25, "f64": -2.5e300,
        "d10": -0.01, "d30": "-0.00001", "s": "", "s3": "x",
        "bin": "", "j": [1, "two", 3.5, true, {}], "day": "1969-12-31", "tod": "00:00",
        "ts": "1969-12-31T23:59:59.999", "utc": "1900-01-01T00:00:00-05:00", "cat": "low",
        "rec": {"x": -1, "y": "why", "deep": {"z": -0.5}}, "ints": [], "recs": [],
        "o_bool": false, "o_int": 42, "o_long": -7, "o_double": 2.5, "o_dec": 1.25, "o_str": "z",
        "o_bin": "AA==", "o_day": "2020-01-01", "o_tod": "23:59:59.999", "o_ts": "2020-01-01T00:00:01",
        "o_cat": "high", "o_rec": {"x": 3}, "o_ints": [9], "holes": []}]
      """;

  @TempDir static Path dir;
  private static Connection conn;

  @BeforeAll
  static void load() throws SQLException {
    Path db = dir.resolve("db");
    JdbcTestSupport.loadJson(db, "types", dir.resolve("types.json"), SHAPE, 1, DATA); // one row per chunk
    conn = connect(db);
  }

  @AfterAll
  static void close() throws SQLException {
    conn.close();
  }

  interface RowCheck {
    void check(ResultSet rs) throws Exception;
  }

  /** Runs {@code check} on the row with the given id, read with SELECT *. */
  private static void onRow(int id, RowCheck check) throws Exception {
    try (PreparedStatement ps = conn.prepareStatement("SELECT * FROM types WHERE id = ?")) {
      ps.setInt(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "row " + id);
        check.check(rs);
        assertFalse(rs.next());
      }
    }
  }

  private static long epochMillis(LocalDateTime t) {
    return t.toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  @Test
  void booleans() throws Exception {
    onRow(1, rs -> {
      assertTrue(rs.getBoolean("b"));
      assertEquals(Boolean.TRUE, rs.getObject("b"));
      assertEquals("true", rs.getString("b"));
    });
    onRow(2, rs -> {
      assertFalse(rs.getBoolean("b"));
      assertFalse(rs.wasNull());
      assertEquals(Boolean.FALSE, rs.getObject("b"));
    });
  }

  @Test
  void signedIntegers() throws Exception {
    onRow(1, rs -> {
      assertEquals(-128, rs.getByte("i8"));
      assertEquals(-128, rs.getInt("i8"));
      assertEquals(-128L, ((Number) rs.getObject("i8")).longValue());
      assertEquals(32767, rs.getShort("i16"));
      assertEquals(32767L, rs.getLong("i16"));
      assertEquals(Integer.MIN_VALUE, rs.getInt("i32"));
      assertEquals(Integer.valueOf(Integer.MIN_VALUE), rs.getObject("i32"));
      assertEquals("-2147483648", rs.getString("i32"));
      assertEquals(-2147483648.0, rs.getDouble("i32"));
      assertEquals(Long.MAX_VALUE, rs.getLong("i64"));
      assertEquals(Long.valueOf(Long.MAX_VALUE), rs.getObject("i64"));
      assertEquals(new BigDecimal(Long.MAX_VALUE), rs.getBigDecimal("i64"));
      assertEquals("9223372036854775807", rs.getString("i64"));
    });
    onRow(2, rs -> {
      assertEquals(127, rs.getByte("i8"));
      assertEquals(-32768, rs.getShort("i16"));
      assertEquals(Integer.MAX_VALUE, rs.getInt("i32"));
      assertEquals(Long.MIN_VALUE, rs.getLong("i64"));
    });
  }

  @Test
  void unsignedIntegersKeepTheirFullRange() throws Exception {
    onRow(1, rs -> {
      assertEquals(255, rs.getInt("u8"));
      assertEquals(255L, ((Number) rs.getObject("u8")).longValue());
      assertEquals(65535, rs.getInt("u16"));
      assertEquals(Integer.valueOf(65535), rs.getObject("u16"));
      assertEquals(4294967295L, rs.getLong("u32"));
      assertEquals(Long.valueOf(4294967295L), rs.getObject("u32"));
      assertEquals(new BigDecimal("18446744073709551615"), rs.getBigDecimal("u64"));
      assertEquals(new BigDecimal("18446744073709551615"), rs.getObject("u64"));
      assertEquals("18446744073709551615", rs.getString("u64"));
    });
    onRow(2, rs -> {
      assertEquals(0, rs.getInt("u8"));
      assertFalse(rs.wasNull());
      assertEquals(0L, rs.getLong("u32"));
      assertEquals(12345L, rs.getLong("u64"));
      assertEquals(0, new BigDecimal(12345).compareTo(rs.getBigDecimal("u64")));
    });
  }

  @Test
  void floatingPoint() throws Exception {
    onRow(1, rs -> {
      assertEquals(1.5f, rs.getFloat("f32"));
      assertEquals(1.5, rs.getDouble("f32"));
      assertEquals(Float.valueOf(1.5f), rs.getObject("f32"));
      assertEquals(0.1, rs.getDouble("f64"));
      assertEquals(Double.valueOf(0.1), rs.getObject("f64"));
      assertEquals("0.1", rs.getString("f64"));
    });
    onRow(2, rs -> {
      assertEquals(-0.25f, rs.getFloat("f32"));
      assertEquals(-2.5e300, rs.getDouble("f64"));
    });
  }

  @Test
  void decimalsAreExact() throws Exception {
    onRow(1, rs -> {
      assertEquals(new BigDecimal("12345678.91"), rs.getBigDecimal("d10"));
      assertEquals(new BigDecimal("12345678.91"), rs.getObject("d10"));
      assertEquals(12345678.91, rs.getDouble("d10"), 1e-6);
      assertEquals("12345678.91", rs.getString("d10"));
      assertEquals(new BigDecimal("1234567890123456789012345.12345"), rs.getBigDecimal("d30"));
      assertEquals("1234567890123456789012345.12345", rs.getString("d30"));
    });
    onRow(2, rs -> {
      assertEquals(new BigDecimal("-0.01"), rs.getBigDecimal("d10"));
      assertEquals(new BigDecimal("-0.00001"), rs.getBigDecimal("d30"));
    });
  }

  @Test
  void decimalArithmeticKeepsAllDigits() throws SQLException {
    assertEquals(new BigDecimal("1234567890123456789012346.12345"),
        value(conn, "SELECT d30 + 1 FROM types WHERE id = 1"));
    assertEquals(new BigDecimal("2469135780246913578024690.24690"),
        value(conn, "SELECT d30 * 2 FROM types WHERE id = 1"));
  }

  @Test
  void stringsAndCategoricals() throws Exception {
    onRow(1, rs -> {
      assertEquals("héllo wörld ☃ 😀", rs.getString("s"));
      assertEquals("héllo wörld ☃ 😀", rs.getObject("s"));
      assertEquals("abc", rs.getString("s3"));
      assertEquals("mid", rs.getString("cat"));
      assertEquals("mid", rs.getObject("cat"));
    });
    onRow(2, rs -> {
      assertEquals("", rs.getString("s"));
      assertFalse(rs.wasNull(), "an empty string is not NULL");
      assertEquals("x", rs.getString("s3"));
      assertEquals("low", rs.getString("cat"));
    });
    assertEquals(1L, value(conn, "SELECT COUNT(*) FROM types WHERE cat = 'mid'"));
    assertEquals("high", value(conn, "SELECT MAX(o_cat) FROM types"));
  }

  @Test
  void bytes() throws Exception {
    onRow(1, rs -> {
      assertArrayEquals(new byte[] {0, 1, 2, -1}, rs.getBytes("bin"));
      // By index: getObject by label gives Avatica's ByteString for VARBINARY (an Avatica quirk).
      assertArrayEquals(new byte[] {0, 1, 2, -1}, (byte[]) rs.getObject(rs.findColumn("bin")));
    });
    onRow(2, rs -> {
      assertArrayEquals(new byte[0], rs.getBytes("bin"));
      assertFalse(rs.wasNull(), "empty bytes are not NULL");
      assertArrayEquals(new byte[] {0}, rs.getBytes("o_bin"));
    });
  }

  @Test
  void jsonIsItsText() throws Exception {
    onRow(1, rs -> assertEquals(JSON.readTree("{\"a\": [1, 2, {\"b\": null}], \"c\": \"x\"}"),
        JSON.readTree(rs.getString("j"))));
    onRow(2, rs -> assertEquals(JSON.readTree("[1, \"two\", 3.5, true, {}]"), JSON.readTree((String) rs.getObject("j"))));
  }

  @Test
  void datesAndTimes() throws Exception {
    Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    onRow(1, rs -> {
      assertEquals("2024-02-29", rs.getString("day"));
      assertInstanceOf(java.sql.Date.class, rs.getObject("day"));
      assertEquals(LocalDate.of(2024, 2, 29).toEpochDay() * 86_400_000L, rs.getDate("day").getTime());
      assertEquals(LocalDate.of(2024, 2, 29).toEpochDay() * 86_400_000L, rs.getDate("day", utc).getTime());

      assertEquals("13:45:30.123", rs.getString("tod"));
      assertInstanceOf(java.sql.Time.class, rs.getObject("tod"));
      assertEquals(LocalTime.of(13, 45, 30, 123_000_000).toNanoOfDay() / 1_000_000, rs.getTime("tod").getTime());

      assertEquals("2024-02-29 13:45:30.123", rs.getString("ts"));
      assertInstanceOf(java.sql.Timestamp.class, rs.getObject("ts"));
      assertEquals(epochMillis(LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_000_000)), rs.getTimestamp("ts").getTime());
      assertEquals(epochMillis(LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_000_000)),
          rs.getTimestamp("ts", utc).getTime());

      assertEquals(Instant.parse("2024-02-29T13:45:30.5Z").toEpochMilli(), rs.getTimestamp("utc").getTime());
    });
    onRow(2, rs -> {
      assertEquals("1969-12-31", rs.getString("day"));
      assertEquals(-86_400_000L, rs.getDate("day").getTime());
      assertEquals(0L, rs.getTime("tod").getTime());
      assertFalse(rs.wasNull(), "midnight is not NULL");
      assertEquals(-1L, rs.getTimestamp("ts").getTime());
      assertEquals(Instant.parse("1900-01-01T05:00:00Z").toEpochMilli(), rs.getTimestamp("utc").getTime());
      assertEquals("1900-01-01 05:00:00.000", rs.getString("utc"));
    });
  }

  @Test
  void recordsAreStructs() throws Exception {
    onRow(1, rs -> {
      Struct rec = assertInstanceOf(Struct.class, rs.getObject("rec"));
      assertEquals(3, rec.getAttributes().length);
      assertEquals(7, rec.getAttributes()[0]);
      assertNull(rec.getAttributes()[1]);
      assertEquals(row(2.5), plain(rec.getAttributes()[2]));
    });
    onRow(2, rs -> assertEquals(row(-1, "why", row(-0.5)), plain(rs.getObject("rec"))));
    assertEquals(List.of(row(7, null, 2.5), row(-1, "why", -0.5)), JdbcTestSupport.rows(conn,
        "SELECT t.rec.x, t.rec.y, t.rec.deep.z FROM types t ORDER BY id"));
  }

  @Test
  void arraysOfScalarsAndOfRecords() throws Exception {
    onRow(1, rs -> {
      Array ints = rs.getArray("ints");
      assertEquals(Types.INTEGER, ints.getBaseType());
      assertEquals(row(1, 2, 3), plain(ints));
      assertEquals(row(1, 2, 3), plain(rs.getObject("ints")));
      Array recs = rs.getArray("recs");
      assertEquals(Types.STRUCT, recs.getBaseType());
      assertEquals(row(row("a", 1.5), row("b", null)), plain(recs));
      assertEquals(row(1, null, 3), plain(rs.getArray("holes")));
    });
    onRow(2, rs -> {
      assertEquals(row(), plain(rs.getArray("ints")));
      assertFalse(rs.wasNull(), "an empty array is not NULL");
      assertEquals(row(), plain(rs.getArray("recs")));
      assertEquals(row(), plain(rs.getArray("holes")));
    });
    assertEquals(List.of(row(3, 2, 3), row(0, 0, 0)), JdbcTestSupport.rows(conn,
        "SELECT CARDINALITY(ints), CARDINALITY(recs), CARDINALITY(holes) FROM types ORDER BY id"));
  }

  static Stream<Arguments> options() {
    return Stream.of(
        Arguments.of("o_bool", false),
        Arguments.of("o_int", 42),
        Arguments.of("o_long", -7L),
        Arguments.of("o_double", 2.5),
        Arguments.of("o_dec", new BigDecimal("1.25")),
        Arguments.of("o_str", "z"),
        Arguments.of("o_day", java.sql.Date.valueOf("2020-01-01").toString()),
        Arguments.of("o_tod", "23:59:59.999"),
        Arguments.of("o_ts", "2020-01-01 00:00:01.000"),
        Arguments.of("o_cat", "high"),
        Arguments.of("o_rec", row(3)),
        Arguments.of("o_ints", row(9)));
  }

  /** Each ?T column: NULL in row 1 (getObject null, getters' defaults, wasNull), the value in row 2. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("options")
  void optionsAreNullOrTheirValue(String column, Object present) throws Exception {
    onRow(1, rs -> {
      assertNull(rs.getObject(column));
      assertTrue(rs.wasNull());
      assertNull(rs.getString(column));
      assertTrue(rs.wasNull());
      switch (present) {
        case Boolean _ -> assertFalse(rs.getBoolean(column));
        case Number _ -> assertEquals(0L, rs.getLong(column));
        default -> { }
      }
      assertTrue(rs.wasNull());
    });
    onRow(2, rs -> {
      Object actual = present instanceof String && !(rs.getObject(column) instanceof String)
          ? rs.getString(column) : plain(rs.getObject(column));
      assertEquals(present, actual);
      assertFalse(rs.wasNull());
    });
    assertEquals(1L, value(conn, "SELECT COUNT(*) FROM types WHERE " + column + " IS NULL"));
  }

  private record Column(String name, int type, int precision, int scale) {}

  @Test
  void metadataTypesAndNullability() throws SQLException {
    Map<String, Column> expected = Stream.of(
        new Column("id", Types.INTEGER, -1, -1), new Column("b", Types.BOOLEAN, -1, -1),
        new Column("i8", Types.TINYINT, -1, -1), new Column("i16", Types.SMALLINT, -1, -1),
        new Column("i32", Types.INTEGER, -1, -1), new Column("i64", Types.BIGINT, -1, -1),
        new Column("u8", Types.SMALLINT, -1, -1), new Column("u16", Types.INTEGER, -1, -1),
        new Column("u32", Types.BIGINT, -1, -1), new Column("u64", Types.DECIMAL, 20, 0),
        new Column("f32", Types.REAL, -1, -1), new Column("f64", Types.DOUBLE, -1, -1),
        new Column("d10", Types.DECIMAL, 10, 2), new Column("d30", Types.DECIMAL, 30, 5),
        new Column("s", Types.VARCHAR, -1, -1), new Column("s3", Types.VARCHAR, 3, -1),
        new Column("bin", Types.VARBINARY, -1, -1), new Column("j", Types.VARCHAR, -1, -1),
        new Column("day", Types.DATE, -1, -1), new Column("tod", Types.TIME, -1, -1),
        new Column("ts", Types.TIMESTAMP, -1, -1), new Column("utc", Types.TIMESTAMP, -1, -1),
        new Column("cat", Types.VARCHAR, -1, -1), new Column("rec", Types.STRUCT, -1, -1),
        new Column("ints", Types.ARRAY, -1, -1), new Column("recs", Types.ARRAY, -1, -1),
        new Column("o_bool", Types.BOOLEAN, -1, -1), new Column("o_int", Types.INTEGER, -1, -1),
        new Column("o_long", Types.BIGINT, -1, -1), new Column("o_double", Types.DOUBLE, -1, -1),
        new Column("o_dec", Types.DECIMAL, 10, 2), new Column("o_str", Types.VARCHAR, -1, -1),
        new Column("o_bin", Types.VARBINARY, -1, -1), new Column("o_day", Types.DATE, -1, -1),
        new Column("o_tod", Types.TIME, -1, -1), new Column("o_ts", Types.TIMESTAMP, -1, -1),
        new Column("o_cat", Types.VARCHAR, -1, -1), new Column("o_rec", Types.STRUCT, -1, -1),
        new Column("o_ints", Types.ARRAY, -1, -1), new Column("holes", Types.ARRAY, -1, -1))
        .collect(java.util.stream.Collectors.toMap(Column::name, c -> c, (a, b) -> a, java.util.LinkedHashMap::new));
    try (var s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM types")) {
      ResultSetMetaData md = rs.getMetaData();
      assertEquals(List.copyOf(expected.keySet()), JdbcTestSupport.labels(md));
      for (int i = 1; i <= md.getColumnCount(); i++) {
        Column c = expected.get(md.getColumnLabel(i));
        assertEquals(c.type(), md.getColumnType(i), c.name() + " type, was " + md.getColumnTypeName(i));
        int nullable = c.name().startsWith("o_") ? ResultSetMetaData.columnNullable : ResultSetMetaData.columnNoNulls;
        assertEquals(nullable, md.isNullable(i), c.name() + " nullability");
        if (c.precision() >= 0) {
          assertEquals(c.precision(), md.getPrecision(i), c.name() + " precision");
        }
        if (c.scale() >= 0) {
          assertEquals(c.scale(), md.getScale(i), c.name() + " scale");
        }
      }
      assertEquals(java.math.BigDecimal.class.getName(), md.getColumnClassName(expected.keySet().stream().toList()
          .indexOf("d30") + 1));
    }
  }
}
