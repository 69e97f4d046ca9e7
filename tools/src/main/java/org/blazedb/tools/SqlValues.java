package org.blazedb.tools;

import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.sql.Array;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.avatica.AvaticaResultSet;
import org.apache.calcite.avatica.ColumnMetaData;

/**
 * Result set values as plain Java values for printing: {@code null}, String, Boolean, Number,
 * {@code List} (SQL arrays) and {@code Map} (SQL rows, with their field names). Dates, times and
 * timestamps become their SQL text ({@code 2024-01-02 03:04:05}), binary values lowercase hex.
 */
final class SqlValues {
  private SqlValues() {}

  /** The nesting of a column's values, so rows inside arrays can be printed with field names. */
  sealed interface Kind permits Scalar, ArrayKind, RowKind {}

  /** A scalar of a {@link Types} type. */
  record Scalar(int sqlType) implements Kind {}

  record ArrayKind(Kind element) implements Kind {}

  record RowKind(List<String> names, List<Kind> fields) implements Kind {}

  /** A result column: its label and the shape of its values. */
  record Column(String label, Kind kind) {}

  static List<Column> columns(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    List<ColumnMetaData> avatica = avaticaColumns(rs);
    List<Column> columns = new ArrayList<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      Kind kind = avatica != null && avatica.size() == md.getColumnCount()
          ? kind(avatica.get(i - 1).type)
          : new Scalar(md.getColumnType(i));
      columns.add(new Column(md.getColumnLabel(i), kind));
    }
    return columns;
  }

  /** The values of the current row. */
  static List<Object> row(ResultSet rs, List<Column> columns) throws SQLException {
    List<Object> row = new ArrayList<>(columns.size());
    for (int i = 1; i <= columns.size(); i++) {
      Kind kind = columns.get(i - 1).kind();
      Object value;
      if (kind instanceof Scalar(int type) && isTemporal(type)) {
        value = rs.getString(i); // the driver's SQL text for the column's precision
      } else {
        value = rs.getObject(i);
      }
      row.add(rs.wasNull() ? null : plain(value, kind));
    }
    return row;
  }

  /** {@code value} (from the driver) as a plain Java value. */
  static Object plain(Object value, Kind kind) throws SQLException {
    return switch (value) {
      case null -> null;
      case Array array -> plain(array.getArray(), kind);
      case Object[] elements -> list(java.util.Arrays.asList(elements), kind);
      case Object primitives when primitives.getClass().isArray() && !(primitives instanceof byte[]) -> {
        List<Object> boxed = new ArrayList<>();
        for (int i = 0; i < java.lang.reflect.Array.getLength(primitives); i++) {
          boxed.add(java.lang.reflect.Array.get(primitives, i));
        }
        yield list(boxed, kind);
      }
      case List<?> elements when kind instanceof ArrayKind -> list(elements, kind);
      case Struct struct -> row(java.util.Arrays.asList(struct.getAttributes()), kind);
      case List<?> fields when kind instanceof RowKind -> row(fields, kind);
      case byte[] bytes -> HexFormat.of().formatHex(bytes);
      case java.sql.Timestamp ts -> timestampText(ts.toLocalDateTime());
      case java.sql.Date d -> d.toLocalDate().toString();
      case java.sql.Time t -> timeText(t.toLocalTime());
      case Number number when kind instanceof Scalar(int type) && isTemporal(type) -> temporal(number, type);
      case String s -> s;
      case Boolean b -> b;
      case Number number -> number;
      case List<?> elements -> list(elements, kind);
      default -> value.toString();
    };
  }

  private static List<Object> list(List<?> elements, Kind kind) throws SQLException {
    Kind element = kind instanceof ArrayKind(Kind e) ? e : new Scalar(Types.OTHER);
    List<Object> out = new ArrayList<>(elements.size());
    for (Object e : elements) {
      out.add(plain(e, element));
    }
    return out;
  }

  private static Map<String, Object> row(List<?> values, Kind kind) throws SQLException {
    RowKind row = kind instanceof RowKind r && r.names().size() == values.size() ? r : null;
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < values.size(); i++) {
      out.put(row != null ? row.names().get(i) : "f" + i,
          plain(values.get(i), row != null ? row.fields().get(i) : new Scalar(Types.OTHER)));
    }
    return out;
  }

  private static boolean isTemporal(int type) {
    return type == Types.DATE || type == Types.TIME || type == Types.TIMESTAMP;
  }

  /** Dates, times and timestamps nested in arrays or rows arrive as days or milliseconds (UTC). */
  private static String temporal(Number n, int type) {
    return switch (type) {
      case Types.DATE -> LocalDate.ofEpochDay(n.longValue()).toString();
      case Types.TIME -> timeText(LocalTime.ofNanoOfDay(Math.floorMod(n.longValue(), 86_400_000L) * 1_000_000L));
      default -> timestampText(LocalDateTime.ofInstant(Instant.ofEpochMilli(n.longValue()), ZoneOffset.UTC));
    };
  }

  private static String timestampText(LocalDateTime t) {
    return t.toLocalDate() + " " + timeText(t.toLocalTime());
  }

  /** {@code HH:mm:ss}, then the fraction of the second without trailing zeros, if any. */
  private static String timeText(LocalTime t) {
    String text = String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
    if (t.getNano() == 0) {
      return text;
    }
    String fraction = String.format("%09d", t.getNano()).replaceFirst("0+$", "");
    return text + "." + fraction;
  }

  private static Kind kind(ColumnMetaData.AvaticaType type) {
    return switch (type) {
      case ColumnMetaData.StructType struct -> {
        List<String> names = new ArrayList<>();
        List<Kind> fields = new ArrayList<>();
        for (ColumnMetaData field : struct.columns) {
          names.add(field.columnName);
          fields.add(kind(field.type));
        }
        yield new RowKind(names, fields);
      }
      case ColumnMetaData.ArrayType array -> new ArrayKind(kind(array.getComponent()));
      default -> new Scalar(type.id);
    };
  }

  /**
   * The driver's description of the columns, which, unlike {@link ResultSetMetaData}, names the
   * fields of ROW values. Avatica keeps it in a protected field; {@code null} if that fails.
   */
  @SuppressWarnings("unchecked")
  private static List<ColumnMetaData> avaticaColumns(ResultSet rs) {
    try {
      if (!rs.isWrapperFor(AvaticaResultSet.class)) {
        return null;
      }
      Field field = AvaticaResultSet.class.getDeclaredField("columnMetaDataList");
      field.setAccessible(true);
      return (List<ColumnMetaData>) field.get(rs.unwrap(AvaticaResultSet.class));
    } catch (ReflectiveOperationException | SQLException | RuntimeException e) {
      return null;
    }
  }

  /** The text of a value in tables and CSV: arrays {@code [a, b]}, rows {@code {x: 1, y: b}}. */
  static String text(Object value) {
    StringBuilder sb = new StringBuilder();
    append(sb, value, Syntax.TEXT);
    return sb.toString();
  }

  /** The JSON of a value: arrays and rows as JSON arrays and objects, NaN and infinities as strings. */
  static void appendJson(StringBuilder sb, Object value) {
    append(sb, value, Syntax.JSON);
  }

  /** How nested values are spelled: readable text, or JSON. */
  private enum Syntax {
    TEXT(", ", ": ") {
      @Override
      void key(StringBuilder sb, Object key) {
        sb.append(key);
      }

      @Override
      void scalar(StringBuilder sb, Object value) {
        switch (value) {
          case null -> sb.append("NULL");
          case BigDecimal d -> sb.append(d.toPlainString());
          default -> sb.append(value);
        }
      }
    },
    JSON(",", ":") {
      @Override
      void key(StringBuilder sb, Object key) {
        appendJsonString(sb, String.valueOf(key));
      }

      @Override
      void scalar(StringBuilder sb, Object value) {
        switch (value) {
          case null -> sb.append("null");
          case Boolean b -> sb.append(b);
          case Double d when d.isNaN() || d.isInfinite() -> appendJsonString(sb, d.toString());
          case Float f when f.isNaN() || f.isInfinite() -> appendJsonString(sb, f.toString());
          case BigDecimal d -> sb.append(d.toPlainString());
          case Number n -> sb.append(n);
          default -> appendJsonString(sb, value.toString());
        }
      }
    };

    final String separator;
    final String keySeparator;

    Syntax(String separator, String keySeparator) {
      this.separator = separator;
      this.keySeparator = keySeparator;
    }

    abstract void key(StringBuilder sb, Object key);

    abstract void scalar(StringBuilder sb, Object value);
  }

  private static void append(StringBuilder sb, Object value, Syntax syntax) {
    switch (value) {
      case List<?> list -> {
        sb.append('[');
        for (int i = 0; i < list.size(); i++) {
          sb.append(i > 0 ? syntax.separator : "");
          append(sb, list.get(i), syntax);
        }
        sb.append(']');
      }
      case Map<?, ?> map -> {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
          sb.append(first ? "" : syntax.separator);
          first = false;
          syntax.key(sb, e.getKey());
          sb.append(syntax.keySeparator);
          append(sb, e.getValue(), syntax);
        }
        sb.append('}');
      }
      case null, default -> syntax.scalar(sb, value);
    }
  }

  static void appendJsonString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
