package org.blazedb.jdbc;

import static org.blazedb.jdbc.JdbcTestSupport.connect;
import static org.blazedb.jdbc.JdbcTestSupport.count;
import static org.blazedb.jdbc.JdbcTestSupport.elements;
import static org.blazedb.jdbc.JdbcTestSupport.execute;
import static org.blazedb.jdbc.JdbcTestSupport.kivaFile;
import static org.blazedb.jdbc.JdbcTestSupport.readJson;
import static org.blazedb.jdbc.JdbcTestSupport.row;
import static org.blazedb.jdbc.JdbcTestSupport.rows;
import static org.blazedb.jdbc.JdbcTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * loans-page1.json (records under "loans") loaded by SQL with an inferred DataShape:
 * {@code CREATE TABLE ... AS SELECT * FROM TABLE(read_json(file => ..., path => 'loans'))}. Aggregates are
 * checked against the JSON walked with Jackson.
 */
class KivaInferredShapeTest {
  @TempDir static Path dir;
  private static Connection conn;
  private static List<JsonNode> loans;
  private static String file;

  @BeforeAll
  static void load() throws SQLException {
    file = kivaFile("loans-page1.json").toString();
    conn = connect(dir.resolve("db"));
    execute(conn, "CREATE TABLE page AS SELECT * FROM TABLE(read_json(file => '" + file + "', path => 'loans'))");
    loans = elements(readJson(kivaFile("loans-page1.json")).get("loans"));
    assertTrue(loans.size() > 100, "page 1 should have many loans, has " + loans.size());
  }

  @AfterAll
  static void close() throws SQLException {
    conn.close();
  }

  @Test
  void countsAndTotals() throws SQLException {
    double loanAmount = loans.stream().mapToDouble(l -> l.get("loan_amount").asDouble()).sum();
    double funded = loans.stream().mapToDouble(l -> l.get("funded_amount").asDouble()).sum();
    long countries = loans.stream().map(l -> text(l, "/location/country")).distinct().count();
    List<Object> actual = rows(conn, "SELECT COUNT(*), SUM(loan_amount), SUM(funded_amount),"
        + " COUNT(DISTINCT l.location.country) FROM page l").getFirst();
    assertEquals((long) loans.size(), actual.get(0));
    assertEquals(loanAmount, ((Number) actual.get(1)).doubleValue(), 1e-6);
    assertEquals(funded, ((Number) actual.get(2)).doubleValue(), 1e-6);
    assertEquals(countries, ((Number) actual.get(3)).longValue());
  }

  @Test
  void loansAndAmountPerSector() throws SQLException {
    Map<String, List<Object>> expected = new TreeMap<>();
    loans.stream().collect(Collectors.groupingBy(l -> l.get("sector").asText(), TreeMap::new, Collectors.toList()))
        .forEach((sector, ls) -> expected.put(sector, row((long) ls.size(),
            ls.stream().mapToLong(l -> l.get("loan_amount").asLong()).sum())));
    List<List<Object>> actual = rows(conn, "SELECT sector, COUNT(*), SUM(loan_amount) FROM page GROUP BY sector ORDER BY sector");
    assertEquals(List.copyOf(expected.keySet()), actual.stream().map(r -> r.get(0)).toList());
    for (List<Object> r : actual) {
      List<Object> e = expected.get(r.get(0));
      assertEquals(e.get(0), r.get(1), "loans in sector " + r.get(0));
      assertEquals(((Number) e.get(1)).longValue(), ((Number) r.get(2)).longValue(), "amount in sector " + r.get(0));
    }
  }

  @Test
  void borrowersAndPaymentsThroughUnnest() throws SQLException {
    long borrowers = loans.stream().mapToLong(l -> l.get("borrowers").size()).sum();
    long women = loans.stream().flatMap(l -> elements(l.get("borrowers")).stream())
        .filter(b -> "F".equals(b.get("gender").asText())).count();
    assertEquals(row(borrowers, women), rows(conn, "SELECT COUNT(*), COUNT(CASE WHEN b.gender = 'F' THEN 1 END)"
        + " FROM page l CROSS JOIN UNNEST(l.borrowers) AS b").getFirst());
    double paid = loans.stream().flatMap(l -> elements(l.get("payments")).stream())
        .mapToDouble(p -> p.get("amount").asDouble()).sum();
    assertEquals(paid, ((Number) rows(conn, "SELECT SUM(p.amount) FROM page l CROSS JOIN UNNEST(l.payments) AS p")
        .getFirst().getFirst()).doubleValue(), 1e-6);
  }

  @Test
  void missingTownsAreNull() throws SQLException {
    long noTown = loans.stream().filter(l -> text(l, "/location/town") == null).count();
    assertTrue(noTown > 0, "page 1 should have loans without a town");
    assertEquals(noTown, count(conn, "SELECT COUNT(*) FROM page l WHERE l.location.town IS NULL"));
  }

  @Test
  void inferredColumnTypesFollowTheJsonValues() throws SQLException {
    boolean integral = loans.stream().allMatch(l -> l.get("loan_amount").isIntegralNumber());
    try (Statement s = conn.createStatement();
         ResultSet rs = s.executeQuery("SELECT id, loan_amount, location, borrowers, name FROM page LIMIT 1")) {
      var md = rs.getMetaData();
      assertEquals(Types.BIGINT, md.getColumnType(1));
      assertEquals(integral ? Types.BIGINT : Types.DOUBLE, md.getColumnType(2));
      assertEquals(Types.STRUCT, md.getColumnType(3));
      assertEquals(Types.ARRAY, md.getColumnType(4));
      assertEquals(Types.VARCHAR, md.getColumnType(5));
    }
  }

  @Test
  void fileCanBeQueriedWithoutCopyingIt() throws SQLException {
    String country = text(loans.getLast(), "/location/country");
    long inCountry = loans.stream().filter(l -> country.equals(text(l, "/location/country"))).count();
    assertEquals(inCountry, count(conn, "SELECT COUNT(*) FROM TABLE(read_json('" + file + "', 'loans')) AS l"
        + " WHERE l.location.country = ?", country));
  }
}
