package org.blazedb.engine.datashape;

import java.util.List;

/**
 * Prints DataShapes in canonical single-line form, e.g. {@code var * {id: int64, 'my field': ?string}},
 * which {@link DataShapeParser#parse(String)} reads back to an equal shape.
 */
public final class DataShapePrinter {
  private DataShapePrinter() {}

  /** The canonical text of {@code shape}. */
  public static String print(DataShape shape) {
    StringBuilder out = new StringBuilder();
    append(out, shape);
    return out.toString();
  }

  /**
   * {@code shape} with each record field on its own indented line, for people to read and edit;
   * it parses back to the same shape.
   */
  public static String printIndented(DataShape shape) {
    StringBuilder out = new StringBuilder();
    appendIndented(out, shape, 0);
    return out.toString();
  }

  private static void appendIndented(StringBuilder out, DataShape shape, int depth) {
    switch (shape) {
      case RecordShape(List<RecordShape.Field> fields) when !fields.isEmpty() -> {
        out.append("{\n");
        for (RecordShape.Field f : fields) {
          out.append("    ".repeat(depth + 1)).append(name(f.name())).append(": ");
          appendIndented(out, f.type(), depth + 1);
          out.append(",\n");
        }
        out.append("    ".repeat(depth)).append('}');
      }
      case ArrayShape(Dim dim, DataShape element) -> {
        out.append(print(dim)).append(" * ");
        appendIndented(out, element, depth);
      }
      case OptionShape(DataShape type) -> {
        out.append('?');
        appendIndented(out, type, depth);
      }
      default -> append(out, shape);
    }
  }

  /** The text of one dimension: {@code 3}, {@code var}, {@code N}, {@code ...} or {@code N...}. */
  public static String print(Dim dim) {
    return switch (dim) {
      case Dim.Fixed(long length) -> Long.toString(length);
      case Dim.Var() -> "var";
      case Dim.Symbolic(String name) -> name;
      case Dim.Ellipsis(String name) -> name == null ? "..." : name + "...";
    };
  }

  private static void append(StringBuilder out, DataShape shape) {
    switch (shape) {
      case Primitive p -> out.append(p.keyword());
      case TypeVarShape(String name) -> out.append(name);
      case ArrayShape(Dim dim, DataShape element) -> {
        out.append(print(dim)).append(" * ");
        append(out, element);
      }
      case OptionShape(DataShape type) -> {
        out.append('?');
        append(out, type);
      }
      case RecordShape(List<RecordShape.Field> fields) -> {
        out.append('{');
        for (int i = 0; i < fields.size(); i++) {
          out.append(i == 0 ? "" : ", ").append(name(fields.get(i).name())).append(": ");
          append(out, fields.get(i).type());
        }
        out.append('}');
      }
      case TupleShape(List<DataShape> elements) -> {
        out.append('(');
        for (int i = 0; i < elements.size(); i++) {
          out.append(i == 0 ? "" : ", ");
          append(out, elements.get(i));
        }
        out.append(')');
      }
      case DecimalShape(int precision, int scale) ->
          out.append("decimal[").append(precision).append(", ").append(scale).append(']');
      case StringShape(Integer maxLength, String encoding) -> appendString(out, maxLength, encoding);
      case DateTimeShape(String tz) ->
          out.append(tz == null ? "datetime" : "datetime[tz=" + quote(tz) + "]");
      case TimeDeltaShape(String unit) ->
          out.append(
              unit.equals(TimeDeltaShape.DEFAULT_UNIT)
                  ? "timedelta"
                  : "timedelta[unit=" + quote(unit) + "]");
      case CategoricalShape c -> appendCategorical(out, c);
    }
  }

  private static void appendString(StringBuilder out, Integer maxLength, String encoding) {
    out.append("string");
    if (maxLength != null && encoding != null) {
      out.append('[').append(maxLength).append(", ").append(quote(encoding)).append(']');
    } else if (maxLength != null) {
      out.append('[').append(maxLength).append(']');
    } else if (encoding != null) {
      out.append('[').append(quote(encoding)).append(']');
    }
  }

  /** Leaves out the keyword arguments that have their default values. */
  private static void appendCategorical(StringBuilder out, CategoricalShape c) {
    out.append("categorical[[");
    for (int i = 0; i < c.categories().size(); i++) {
      out.append(i == 0 ? "" : ", ").append(quote(c.categories().get(i)));
    }
    out.append(']');
    if (!c.type().equals(StringShape.STRING)) {
      out.append(", type=");
      append(out, c.type());
    }
    if (c.ordered()) {
      out.append(", ordered=True");
    }
    out.append(']');
  }

  /** A field name: bare when it is an identifier (the parser takes any identifier), else quoted. */
  static String name(String name) {
    return isIdentifier(name) ? name : quote(name);
  }

  /** {@code s} in single quotes, escaped so that the result stays on one line. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('\'');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\'' -> out.append("\\'");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < ' ' || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('\'').toString();
  }

  private static boolean isIdentifier(String s) {
    return !s.isEmpty()
        && DataShapeLexer.isIdentStart(s.charAt(0))
        && s.chars().allMatch(DataShapeLexer::isIdentPart);
  }
}
