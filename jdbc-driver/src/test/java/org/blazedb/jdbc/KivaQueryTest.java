package org.blazedb.jdbc;

import static org.blazedb.jdbc.JdbcTestSupport.connect;
import static org.blazedb.jdbc.JdbcTestSupport.count;
import static org.blazedb.jdbc.JdbcTestSupport.elements;
import static org.blazedb.jdbc.JdbcTestSupport.execute;
import static org.blazedb.jdbc.JdbcTestSupport.kivaFile;
import static org.blazedb.jdbc.JdbcTestSupport.kivaShape;
import static org.blazedb.jdbc.JdbcTestSupport.number;
import static org.blazedb.jdbc.JdbcTestSupport.readJson;
import static org.blazedb.jdbc.JdbcTestSupport.row;
import static org.blazedb.jdbc.JdbcTestSupport.rows;
import static org.blazedb.jdbc.JdbcTestSupport.sortedText;
import static org.blazedb.jdbc.JdbcTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL over the Kiva sample (loans-tiny.json loaded with loans.datashape). Every expected answer is
 * computed here by walking the JSON with Jackson, never by SQL.
 */
class KivaQueryTest {
  private static final double EPSILON = 1e-6;

  @TempDir static Path dir;
  private static Connection conn;
  private static List<JsonNode> loans;

  @BeforeAll
  static void load() throws SQLException {
    Path db = dir.resolve("kiva");
    // Chunks of 4 rows: every query reads across chunks (and filters may skip some).
    JdbcTestSupport.load(db, "loans", kivaFile("loans-tiny.json"), kivaShape(), 4);
    conn = connect(db);
    loans = elements(readJson(kivaFile("loans-tiny.json")));
    assertTrue(loans.size() >= 10, "the sample should have some loans, has " + loans.size());
  }

  @AfterAll
  static void close() throws SQLException {
    conn.close();
  }

  private static long id(JsonNode loan) {
    return loan.get("id").asLong();
  }

  private static String country(JsonNode loan) {
    return text(loan, "/location/country");
  }

  private static List<JsonNode> byId() {
    return loans.stream().sorted(Comparator.comparingLong(KivaQueryTest::id)).toList();
  }

  private static <K> Map<K, Long> countBy(List<JsonNode> items, Function<JsonNode, K> key) {
    return items.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
  }

  private static List<JsonNode> borrowers() {
    return loans.stream().flatMap(l -> elements(l.get("borrowers")).stream()).toList();
  }

  @Test
  void countAndSumOfLoanAmountPerCountry() throws SQLException {
    Map<String, Long> counts = countBy(loans, KivaQueryTest::country);
    Map<String, Double> sums = loans.stream().collect(Collectors.groupingBy(KivaQueryTest::country, TreeMap::new,
        Collectors.summingDouble(l -> l.get("loan_amount").asDouble())));
    List<List<Object>> actual = rows(conn, "SELECT l.location.country, COUNT(*), SUM(l.loan_amount) FROM loans l"
        + " GROUP BY l.location.country ORDER BY l.location.country");
    assertEquals(List.copyOf(counts.keySet()), actual.stream().map(r -> r.get(0)).toList());
    for (List<Object> r : actual) {
      assertEquals(counts.get(r.get(0)), r.get(1), "loans in " + r.get(0));
      assertEquals(sums.get(r.get(0)), (Double) r.get(2), EPSILON, "loan_amount sum in " + r.get(0));
    }
    assertEquals(loans.size(), count(conn, "SELECT COUNT(*) FROM loans"));
  }

  @Test
  void joinWithCountriesTableCreatedFromGroupBy() throws SQLException {
    execute(conn, "CREATE TABLE countries AS SELECT l.location.country AS country, COUNT(*) AS n_loans,"
        + " MAX(l.loan_amount) AS biggest FROM loans l GROUP BY l.location.country");
    try {
      Map<String, Long> perCountry = countBy(loans, KivaQueryTest::country);
      assertEquals(perCountry.size(), count(conn, "SELECT COUNT(*) FROM countries"));
      List<List<Object>> expected = new ArrayList<>();
      for (JsonNode loan : byId()) {
        expected.add(row(id(loan), country(loan), perCountry.get(country(loan))));
      }
      assertEquals(expected, rows(conn, "SELECT l.id, c.country, c.n_loans FROM loans l"
          + " JOIN countries c ON l.location.country = c.country ORDER BY l.id"));
      // The biggest loan of each country, found through the join.
      long biggestMatches = count(conn, "SELECT COUNT(*) FROM loans l JOIN countries c"
          + " ON l.location.country = c.country AND l.loan_amount = c.biggest");
      long expectedMatches = loans.stream().filter(l -> l.get("loan_amount").asDouble() == loans.stream()
          .filter(o -> country(o).equals(country(l))).mapToDouble(o -> o.get("loan_amount").asDouble()).max()
          .orElseThrow()).count();
      assertEquals(expectedMatches, biggestMatches);
    } finally {
      execute(conn, "DROP TABLE countries");
    }
  }

  @Test
  void selfJoinPairsLoansOfTheSamePartner() throws SQLException {
    long pairs = countBy(loans, l -> l.get("partner_id").asLong()).values().stream().mapToLong(n -> n * (n - 1) / 2)
        .sum();
    assertEquals(pairs, count(conn,
        "SELECT COUNT(*) FROM loans a JOIN loans b ON a.partner_id = b.partner_id AND a.id < b.id"));
  }

  @Test
  void orderByLimitOffset() throws SQLException {
    List<List<Object>> expected = loans.stream()
        .sorted(Comparator.comparingDouble((JsonNode l) -> -l.get("loan_amount").asDouble())
            .thenComparingLong(KivaQueryTest::id))
        .skip(3).limit(5).map(l -> row(id(l), l.get("loan_amount").asDouble())).toList();
    assertEquals(expected, rows(conn, "SELECT id, loan_amount FROM loans ORDER BY loan_amount DESC, id LIMIT 5 OFFSET 3"));
  }

  @Test
  void offsetFetchFirst() throws SQLException {
    List<Object> ids = byId().stream().map(l -> (Object) id(l)).toList();
    assertEquals(ids.subList(2, 6).stream().map(JdbcTestSupport::row).toList(),
        rows(conn, "SELECT id FROM loans ORDER BY id OFFSET 2 ROWS FETCH FIRST 4 ROWS ONLY"));
    assertEquals(ids.subList(ids.size() - 3, ids.size()).reversed().stream().map(JdbcTestSupport::row).toList(),
        rows(conn, "SELECT id FROM loans ORDER BY id DESC FETCH NEXT 3 ROWS ONLY"));
  }

  @Test
  void nestedFieldsOfEveryLoan() throws SQLException {
    List<List<Object>> expected = new ArrayList<>();
    for (JsonNode l : byId()) {
      expected.add(row(id(l), country(l), text(l, "/location/geo/level"), text(l, "/borrowers/0/first_name"),
          l.get("borrowers").size(), l.get("payments").size(), text(l, "/terms/loss_liability/nonpayment")));
    }
    assertEquals(expected, rows(conn, "SELECT id, l.location.country, l.location.geo.level,"
        + " l.borrowers[1].first_name, CARDINALITY(l.borrowers), CARDINALITY(l.payments),"
        + " l.terms.loss_liability.nonpayment FROM loans l ORDER BY id"));
  }

  @Test
  void crossJoinUnnestBorrowers() throws SQLException {
    List<String> expected = new ArrayList<>();
    for (JsonNode l : loans) {
      for (JsonNode b : l.get("borrowers")) {
        expected.add(JdbcTestSupport.rowText(row(id(l), b.get("first_name").asText(), b.get("gender").asText(),
            b.get("pictured").asBoolean())));
      }
    }
    expected.sort(null);
    assertEquals(expected, sortedText(rows(conn, "SELECT l.id, b.first_name, b.gender, b.pictured"
        + " FROM loans l CROSS JOIN UNNEST(l.borrowers) AS b")));
  }

  @Test
  void unnestWithOrdinalityNumbersElementsInOrder() throws SQLException {
    List<List<Object>> expected = new ArrayList<>();
    for (JsonNode l : byId()) {
      int ordinal = 0;
      for (JsonNode b : l.get("borrowers")) {
        expected.add(row(id(l), ++ordinal, b.get("first_name").asText()));
      }
    }
    assertTrue(expected.size() > loans.size(), "some loans should have several borrowers");
    assertEquals(expected, rows(conn, "SELECT l.id, b.ord, b.first_name FROM loans l"
        + " CROSS JOIN UNNEST(l.borrowers) WITH ORDINALITY AS b(first_name, last_name, gender, pictured, ord)"
        + " ORDER BY l.id, b.ord"));
  }

  @Test
  void leftJoinUnnestKeepsLoansWithoutPayments() throws SQLException {
    long withoutPayments = loans.stream().filter(l -> l.get("payments").isEmpty()).count();
    assertTrue(withoutPayments > 0, "the sample should have a loan without payments");
    List<List<Object>> actual = rows(conn, "SELECT l.id, COUNT(p.payment_id), SUM(p.amount) FROM loans l"
        + " LEFT JOIN UNNEST(l.payments) AS p ON TRUE GROUP BY l.id ORDER BY l.id");
    List<JsonNode> sorted = byId();
    assertEquals(sorted.size(), actual.size(), "every loan, with or without payments");
    for (int i = 0; i < sorted.size(); i++) {
      JsonNode loan = sorted.get(i);
      List<Object> r = actual.get(i);
      assertEquals(id(loan), r.get(0));
      assertEquals((long) loan.get("payments").size(), r.get(1), "payments of " + id(loan));
      if (loan.get("payments").isEmpty()) {
        assertNull(r.get(2), "SUM over no payments");
      } else {
        double sum = elements(loan.get("payments")).stream().mapToDouble(p -> p.get("amount").asDouble()).sum();
        assertEquals(sum, (Double) r.get(2), EPSILON, "payment sum of " + id(loan));
      }
    }
    assertEquals(withoutPayments, count(conn, "SELECT COUNT(*) FROM loans l LEFT JOIN UNNEST(l.payments) AS p"
        + " ON TRUE WHERE p.payment_id IS NULL"));
    // An inner CROSS JOIN drops those loans.
    long withPayments = loans.size() - withoutPayments;
    assertEquals(withPayments, count(conn,
        "SELECT COUNT(DISTINCT l.id) FROM loans l CROSS JOIN UNNEST(l.payments) AS p"));
  }

  @Test
  void borrowersCountedByGender() throws SQLException {
    Map<String, Long> expected = countBy(borrowers(), b -> b.get("gender").asText());
    assertTrue(expected.size() >= 2, "the sample should have borrowers of both genders");
    List<List<Object>> expectedRows = expected.entrySet().stream().map(e -> row(e.getKey(), e.getValue())).toList();
    assertEquals(expectedRows, rows(conn, "SELECT b.gender, COUNT(*) FROM loans l CROSS JOIN UNNEST(l.borrowers) AS b"
        + " GROUP BY b.gender ORDER BY b.gender"));
    long pictured = borrowers().stream().filter(b -> b.get("pictured").asBoolean()).count();
    assertEquals(pictured, count(conn,
        "SELECT COUNT(*) FROM loans l CROSS JOIN UNNEST(l.borrowers) AS b WHERE b.pictured"));
  }

  @Test
  void filterAndGroupOnNestedFields() throws SQLException {
    double threshold = 500;
    List<JsonNode> big = loans.stream().filter(l -> l.get("loan_amount").asDouble() >= threshold).toList();
    assertTrue(!big.isEmpty() && big.size() < loans.size(), "the filter should keep some loans, not all");
    List<List<Object>> expected = countBy(big, l -> text(l, "/location/geo/level")).entrySet().stream()
        .map(e -> row(e.getKey(), e.getValue())).toList();
    assertEquals(expected, rows(conn, "SELECT l.location.geo.level, COUNT(*) FROM loans l"
        + " WHERE l.loan_amount >= ? GROUP BY l.location.geo.level ORDER BY 1", threshold));

    String someCountry = country(loans.getFirst());
    long inCountry = loans.stream().filter(l -> someCountry.equals(country(l))).count();
    assertEquals(inCountry, count(conn, "SELECT COUNT(*) FROM loans l WHERE l.location.country = ?", someCountry));

    long evenIds = loans.stream().filter(l -> id(l) % 2 == 0).count();
    assertEquals(evenIds, count(conn, "SELECT COUNT(*) FROM loans WHERE id % 2 = 0"));

    long firstBorrowerFemale = loans.stream().filter(l -> "F".equals(text(l, "/borrowers/0/gender"))).count();
    assertEquals(firstBorrowerFemale, count(conn, "SELECT COUNT(*) FROM loans l WHERE l.borrowers[1].gender = 'F'"));
  }

  @Test
  void optionFieldsAreNullWhereTheJsonHasNull() throws SQLException {
    long noBasket = loans.stream().filter(l -> number(l, "/basket_amount") == null).count();
    assertEquals(noBasket, count(conn, "SELECT COUNT(*) FROM loans WHERE basket_amount IS NULL"));

    List<Double> paid = loans.stream().map(l -> number(l, "/paid_amount")).toList();
    long paidNulls = paid.stream().filter(p -> p == null).count();
    assertTrue(paidNulls > 0 && paidNulls < loans.size(), "paid_amount should be null for some loans only");
    List<List<Object>> actual = rows(conn,
        "SELECT COUNT(*), COUNT(paid_amount), SUM(COALESCE(paid_amount, -1.0)), SUM(paid_amount) FROM loans");
    assertEquals(row((long) loans.size(), loans.size() - paidNulls), actual.getFirst().subList(0, 2));
    double withDefault = paid.stream().mapToDouble(p -> p == null ? -1 : p).sum();
    assertEquals(withDefault, ((Number) actual.getFirst().get(2)).doubleValue(), EPSILON);
    assertEquals(withDefault + paidNulls, ((Number) actual.getFirst().get(3)).doubleValue(), EPSILON);
  }

  @Test
  void optionalTownIsNullOrText() throws SQLException {
    long noTown = loans.stream().filter(l -> text(l, "/location/town") == null).count();
    assertTrue(noTown > 0 && noTown < loans.size(), "location.town should be null for some loans only");
    assertEquals(noTown, count(conn, "SELECT COUNT(*) FROM loans l WHERE l.location.town IS NULL"));
    List<List<Object>> expected = byId().stream().map(l -> {
      String town = text(l, "/location/town");
      return row(id(l), town, town == null ? "(none)" : town);
    }).toList();
    assertEquals(expected, rows(conn,
        "SELECT id, l.location.town, COALESCE(l.location.town, '(none)') FROM loans l ORDER BY id"));
  }

  @Test
  void nullOptionThroughGettersSetsWasNull() throws SQLException {
    JsonNode unpaid = loans.stream().filter(l -> number(l, "/paid_amount") == null).findFirst().orElseThrow();
    JsonNode paid = loans.stream().filter(l -> number(l, "/paid_amount") != null).findFirst().orElseThrow();
    try (PreparedStatement ps = conn.prepareStatement("SELECT paid_amount, l.location.town FROM loans l WHERE id = ?")) {
      ps.setLong(1, id(unpaid));
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(0.0, rs.getDouble(1));
        assertTrue(rs.wasNull());
        assertNull(rs.getObject(1));
        assertTrue(rs.wasNull());
      }
      ps.setLong(1, id(paid));
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(number(paid, "/paid_amount"), rs.getDouble(1), EPSILON);
        assertTrue(!rs.wasNull());
      }
    }
  }
}
