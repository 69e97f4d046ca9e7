package org.blazedb.sqltests.tpch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One of the 22 TPC-H queries as io.trino.tpch ships it: its statements (Q15 first creates a view)
 * and, for scale factor 0.01, its expected rows.
 *
 * @param number 1 to 22
 * @param statements the statements to run in order; the last one is the query
 * @param expected the SF0.01 answer, one array of cell texts per row
 * @param ordered whether the answer's row order is part of it
 */
public record TpchQuery(int number, List<String> statements, List<String[]> expected, boolean ordered) {
  /** Money and averages are compared to the cent: the answers are rounded to two decimals. */
  public static final BigDecimal TOLERANCE = new BigDecimal("0.01");

  public static List<TpchQuery> all() {
    List<TpchQuery> queries = new ArrayList<>();
    for (int n = 1; n <= 22; n++) {
      queries.add(load(n));
    }
    return queries;
  }

  public static TpchQuery load(int number) {
    String sql = adapt(resource("q" + number + ".sql"));
    List<String> statements = Arrays.stream(stripComments(sql).split(";"))
        .map(String::strip).filter(s -> !s.isEmpty()).toList();
    List<String> lines = resource("q" + number + ".result").lines().toList();
    List<String[]> rows = lines.stream().skip(1).filter(l -> !l.isEmpty())
        .map(l -> l.endsWith("|") ? l.substring(0, l.length() - 1) : l)
        .map(l -> l.split("\\|", -1))
        .toList();
    return new TpchQuery(number, statements, rows, !lines.getFirst().contains("ignoreOrder: true"));
  }

  /** The query's last statement, the one that returns rows. */
  public String query() {
    return statements.getLast();
  }

  /** Runs the statements on {@code connection} and returns the query's rows as cell values. */
  public List<Object[]> run(Connection connection) throws SQLException {
    return run(connection, 0);
  }

  /** As {@link #run(Connection)}, each statement limited to {@code timeoutSeconds} (0: no limit). */
  public List<Object[]> run(Connection connection, int timeoutSeconds) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(timeoutSeconds);
      for (String s : statements.subList(0, statements.size() - 1)) {
        statement.execute(s);
      }
      List<Object[]> rows = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery(query())) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          Object[] row = new Object[columns];
          for (int i = 0; i < columns; i++) {
            row[i] = rs.getObject(i + 1);
          }
          rows.add(row);
        }
      }
      return rows;
    }
  }

  /** The first difference between {@code actual} and the expected answer, or null when they agree. */
  public String difference(List<Object[]> actual) {
    if (actual.size() != expected.size()) {
      return "Q" + number + ": " + actual.size() + " rows, expected " + expected.size();
    }
    for (int r = 0; r < actual.size(); r++) {
      Object[] row = actual.get(r);
      String[] want = expected.get(r);
      if (row.length != want.length) {
        return "Q" + number + " row " + (r + 1) + ": " + row.length + " columns, expected " + want.length;
      }
      for (int c = 0; c < row.length; c++) {
        if (!matches(row[c], want[c])) {
          return "Q" + number + " row " + (r + 1) + " column " + (c + 1) + ": " + row[c] + ", expected " + want[c];
        }
      }
    }
    return null;
  }

  private static boolean matches(Object actual, String expected) {
    if (actual == null) {
      return expected.equals("null") || expected.equals("NULL");
    }
    if (actual instanceof Number number) {
      try {
        BigDecimal a = number instanceof BigDecimal d ? d : new BigDecimal(number.toString());
        return a.subtract(new BigDecimal(expected.strip())).abs().compareTo(TOLERANCE) <= 0;
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return actual.toString().strip().equals(expected.strip());
  }

  /**
   * The one change the queries need (TPC-H allows such dialect edits): Q11 names a column
   * {@code value}, a reserved word in standard SQL and in Calcite, so it is quoted.
   */
  private static String adapt(String sql) {
    return sql.replaceAll("\\bvalue\\b", "\"VALUE\"");
  }

  private static String stripComments(String sql) {
    return sql.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + b + "\n");
  }

  private static String resource(String name) {
    try (InputStream in = TpchQuery.class.getResourceAsStream("/io/trino/tpch/queries/" + name)) {
      if (in == null) {
        throw new IllegalStateException("io.trino.tpch has no " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
