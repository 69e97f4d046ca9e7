package org.blazedb.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {
  @Test
  void splitsAtSemicolonsOutsideQuotesAndComments() {
    assertEquals(List.of("SELECT 1", "SELECT 2"), SqlScript.split("SELECT 1; SELECT 2;"));
    assertEquals(List.of("SELECT 'a;b', 'it''s;'", "SELECT \"x;y\" FROM t"),
        SqlScript.split("SELECT 'a;b', 'it''s;'; SELECT \"x;y\" FROM t"));
    assertEquals(List.of("SELECT 1 -- one; two", "/* ; */ SELECT 2"),
        SqlScript.split("SELECT 1 -- one; two\n; /* ; */ SELECT 2"));
    assertEquals(List.of("SELECT E'\\';' AS q", "SELECT `a;b`"), SqlScript.split("SELECT E'\\';' AS q; SELECT `a;b`"));
    // A word ending in e before a quote is no escape prefix: 'one\' ends at the second quote.
    assertEquals(List.of("SELECT name='one\\'", "SELECT 2"), SqlScript.split("SELECT name='one\\'; SELECT 2"));
  }

  @Test
  void dropsEmptyStatementsAndKeepsAnUnterminatedOneForTheParser() {
    assertEquals(List.of(), SqlScript.split(" ; ;\n-- nothing here;\n/* nor; here */;"));
    assertEquals(List.of("SELECT 1"), SqlScript.split(";;SELECT 1;;"));
    assertEquals(List.of("SELECT 'open; still open"), SqlScript.split("SELECT 'open; still open"));
    assertEquals(List.of("SELECT 1 /* open; comment"), SqlScript.split("SELECT 1 /* open; comment"));
  }

  @Test
  void keywordSkipsSpaceAndComments() {
    assertEquals("CREATE", SqlScript.keyword("  -- make it\n/* now */ create table t (a int)"));
    assertEquals("SELECT", SqlScript.keyword("SELECT(1)"));
    assertEquals("", SqlScript.keyword("-- only a comment"));
  }
}
