package org.blazedb.sqltests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Failures are told apart: SQLite dialect assumptions, syntax BlazeDB lacks, and errors. */
class CausesTest {
  @Test
  void knownSqliteAssumptionsAreDialect() {
    String cause = Causes.of("SELECT 1 FROM t1 WHERE 1 IN ()", "ParseException: Encountered \")\" at line 1, column 30.");
    assertTrue(cause.startsWith("dialect (SQLite): empty IN list"), cause);
    assertTrue(Causes.isDialect(cause));
    assertTrue(Causes.isDialect(Causes.of("UPDATE t1 SET x=3, x=4",
        "SqlValidatorException: Target column 'X' is assigned more than once")));
    assertTrue(Causes.isDialect(Causes.of("SELECT + col2 FROM tab0", "NumberFormatException: Character a is neither"
        + " a decimal digit number, decimal point, nor \"e\" notation exponential mark.")));
    assertTrue(Causes.isDialect(Causes.of("CREATE TRIGGER r UPDATE ON t BEGIN SELECT 1; END",
        "BlzException: CREATE TRIGGER r: triggers are not supported by BlazeDB")));
  }

  @Test
  void otherFailuresAreSyntaxOrErrorsWithNamesAndNumbersHidden() {
    String syntax = Causes.of("SELEC 1", "ParseException: Encountered \"SELEC\" at line 1, column 1.");
    assertEquals("syntax: ParseException: Encountered \"SELEC\" at line N, column N.", syntax);
    assertFalse(Causes.isDialect(syntax));
    String error = Causes.of("SELECT * FROM t9", "SqlValidatorException: Object 't9' not found");
    assertEquals("error: SqlValidatorException: Object '?' not found", error);
    assertFalse(Causes.isDialect(error));
    // the same words in another statement are not taken for the dialect case
    assertFalse(Causes.isDialect(Causes.of("SELECT a FROM t", "SqlValidatorException: Column 'A' is ambiguous")));
  }
}
