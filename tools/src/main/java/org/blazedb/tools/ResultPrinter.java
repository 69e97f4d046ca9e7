package org.blazedb.tools;

import java.io.PrintWriter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.blazedb.tools.SqlValues.Column;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Prints the results of SQL statements: result sets in one of the {@link Format formats}, and for
 * other statements a line such as {@code OK, 3 rows affected}. An empty line separates a table from
 * what comes before and after it, and one CSV result from the next; JSON arrays follow each other.
 */
abstract class ResultPrinter {
  /** How result sets are printed. */
  enum Format {
    /** Aligned columns in a box with a header, numbers on the right, then {@code (n rows)}. */
    TABLE,
    /** RFC 4180 with LF line ends: a header line, then one line per row; NULL is an empty field. */
    CSV,
    /** One JSON array per result set, one object per row (a line each), nested values as JSON. */
    JSON;

    /** Accepts table, csv and json in any case. */
    static final class Converter implements ITypeConverter<Format> {
      @Override
      public Format convert(String value) {
        try {
          return Format.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw new TypeConversionException("expected table, csv or json, not '" + value + "'");
        }
      }
    }
  }

  protected final PrintWriter out;
  private final PrintWriter status;
  private boolean printedSomething; // on out: a result set, or in the table format a status line
  private boolean lastWasResult;

  private ResultPrinter(PrintWriter out, PrintWriter status) {
    this.out = out;
    this.status = status;
  }

  /**
   * A printer writing results to {@code out}. The lines about statements without results go to
   * {@code out} in the table format, and to {@code status} in CSV and JSON, so that {@code out}
   * holds nothing but data.
   */
  static ResultPrinter of(Format format, PrintWriter out, PrintWriter status) {
    return switch (format) {
      case TABLE -> new Table(out, out);
      case CSV -> new Csv(out, status);
      case JSON -> new Json(out, status);
    };
  }

  /** Prints all rows of {@code rs}. */
  final void result(ResultSet rs) throws SQLException {
    List<Column> columns = SqlValues.columns(rs);
    if (printedSomething) {
      separate();
    }
    print(rs, columns);
    printedSomething = true;
    lastWasResult = true;
    out.flush();
  }

  /** Reports a statement without a result set: DDL gets {@code OK}, others the rows affected. */
  final void updated(String sql, long count) {
    String verb = SqlScript.keyword(sql);
    boolean ddl = verb.equals("CREATE") || verb.equals("DROP") || verb.equals("ALTER");
    if (status == out && lastWasResult) {
      separate();
    }
    if (ddl || count < 0) {
      status.println("OK");
    } else {
      status.println("OK, " + count + (count == 1 ? " row" : " rows") + " affected");
    }
    status.flush();
    if (status == out) {
      printedSomething = true;
      lastWasResult = false;
    }
  }

  protected void separate() {
    out.println();
  }

  protected abstract void print(ResultSet rs, List<Column> columns) throws SQLException;

  /** Aligned columns; all rows are read first to size them. */
  static final class Table extends ResultPrinter {
    Table(PrintWriter out, PrintWriter status) {
      super(out, status);
    }

    @Override
    protected void print(ResultSet rs, List<Column> columns) throws SQLException {
      int n = columns.size();
      boolean[] right = new boolean[n];
      int[] widths = new int[n];
      String[] header = new String[n];
      for (int i = 0; i < n; i++) {
        right[i] = columns.get(i).kind() instanceof SqlValues.Scalar(int type) && isNumeric(type);
        header[i] = cell(columns.get(i).label());
        widths[i] = width(header[i]);
      }
      List<String[]> rows = new ArrayList<>();
      while (rs.next()) {
        List<Object> values = SqlValues.row(rs, columns);
        String[] cells = new String[n];
        for (int i = 0; i < n; i++) {
          cells[i] = cell(SqlValues.text(values.get(i)));
          widths[i] = Math.max(widths[i], width(cells[i]));
        }
        rows.add(cells);
      }
      String border = border(widths);
      out.println(border);
      out.println(line(header, widths, right));
      out.println(border);
      for (String[] cells : rows) {
        out.println(line(cells, widths, right));
      }
      out.println(border);
      out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    }

    private static boolean isNumeric(int type) {
      return switch (type) {
        case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.FLOAT, Types.DOUBLE,
            Types.DECIMAL, Types.NUMERIC -> true;
        default -> false;
      };
    }

    /** The text in a cell: line breaks and tabs escaped, so that every row is one line. */
    private static String cell(String text) {
      if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0 && text.indexOf('\t') < 0) {
        return text;
      }
      return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }

    private static int width(String s) {
      return s.codePointCount(0, s.length());
    }

    private static String border(int[] widths) {
      StringBuilder sb = new StringBuilder("+");
      for (int w : widths) {
        sb.append("-".repeat(w + 2)).append('+');
      }
      return sb.toString();
    }

    private static String line(String[] cells, int[] widths, boolean[] right) {
      StringBuilder sb = new StringBuilder("|");
      for (int i = 0; i < cells.length; i++) {
        String pad = " ".repeat(widths[i] - width(cells[i]));
        sb.append(' ').append(right[i] ? pad + cells[i] : cells[i] + pad).append(" |");
      }
      return sb.toString();
    }
  }

  /** RFC 4180, LF line ends; rows are written as they are read. */
  static final class Csv extends ResultPrinter {
    Csv(PrintWriter out, PrintWriter status) {
      super(out, status);
    }

    @Override
    protected void print(ResultSet rs, List<Column> columns) throws SQLException {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns.size(); i++) {
        field(line, i, columns.get(i).label());
      }
      out.print(line.append('\n'));
      while (rs.next()) {
        line.setLength(0);
        List<Object> values = SqlValues.row(rs, columns);
        for (int i = 0; i < values.size(); i++) {
          Object v = values.get(i);
          field(line, i, v == null ? null : SqlValues.text(v));
        }
        out.print(line.append('\n'));
      }
    }

    /** NULL is an empty field; an empty string is {@code ""}, so that the two differ. */
    private static void field(StringBuilder line, int index, String text) {
      if (index > 0) {
        line.append(',');
      }
      if (text == null) {
        return;
      }
      boolean quote = text.isEmpty() || text.indexOf(',') >= 0 || text.indexOf('"') >= 0
          || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
      if (quote) {
        line.append('"').append(text.replace("\"", "\"\"")).append('"');
      } else {
        line.append(text);
      }
    }
  }

  /** A JSON array per result set, one row object per line; rows are written as they are read. */
  static final class Json extends ResultPrinter {
    Json(PrintWriter out, PrintWriter status) {
      super(out, status);
    }

    @Override
    protected void separate() {
      // each array ends with a line break already: the output is a stream of JSON arrays
    }

    @Override
    protected void print(ResultSet rs, List<Column> columns) throws SQLException {
      StringBuilder sb = new StringBuilder();
      boolean first = true;
      while (rs.next()) {
        List<Object> values = SqlValues.row(rs, columns);
        sb.setLength(0);
        sb.append(first ? "[\n  {" : ",\n  {");
        for (int i = 0; i < values.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          SqlValues.appendJsonString(sb, columns.get(i).label());
          sb.append(':');
          SqlValues.appendJson(sb, values.get(i));
        }
        out.print(sb.append('}'));
        first = false;
      }
      out.print(first ? "[]\n" : "\n]\n");
    }
  }
}
