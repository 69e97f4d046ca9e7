package org.blazedb.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: output, exit codes and one-line errors. */
class BlazeCliTest {
  @TempDir Path dir;

  private static CliRun blaze(String... args) {
    return CliRun.of(args);
  }

  @Test
  void loadsCsvWithInferredShapeAndDescribesIt() throws IOException {
    Path csv = dir.resolve("people.csv");
    Files.writeString(csv, "name,age,score\nAda,36,1.5\n\"Lovelace, A.\",,2\n");
    Path db = dir.resolve("db");

    CliRun load = blaze("load", db.toString(), "people", csv.toString());
    assertEquals(0, load.code(), load.err());
    assertTrue(load.out().contains("Loaded 2 rows into new table 'people'"), load.out());
    assertTrue(load.out().contains("age: ?int64"), load.out());
    assertTrue(load.out().contains("score: float64"), load.out());

    CliRun describe = blaze("describe", db.toString(), "people");
    assertEquals(0, describe.code(), describe.err());
    assertTrue(describe.out().contains("rows:         2"), describe.out());
    assertTrue(describe.out().matches("(?s).*\\nage\\s+INT64\\s+1\\s+2\\s+1\\s.*"), describe.out());

    CliRun tables = blaze("describe", db.toString());
    assertTrue(tables.out().matches("(?s).*people\\s+2\\s+3.*"), tables.out());
  }

  @Test
  void appendsToAnExistingTable() throws IOException {
    Path json = dir.resolve("x.jsonl");
    Files.writeString(json, "{\"a\": 1}\n{\"a\": 2}\n");
    Path db = dir.resolve("db");
    assertEquals(0, blaze("load", db.toString(), "t", json.toString()).code());
    CliRun again = blaze("load", db.toString(), "t", json.toString());
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("into existing table 't'"), again.out());
    assertTrue(blaze("describe", db.toString(), "t").out().contains("rows:         4"));
  }

  @Test
  void userErrorsAreOneLineAndNonZero() throws IOException {
    Path json = dir.resolve("bad.json");
    Files.writeString(json, "[{\"a\": 1}, {\"a\": \"x\"}]");
    Path db = dir.resolve("db");

    CliRun bad = blaze("load", db.toString(), "t", json.toString(), "--datashape", "var * {a: int32}");
    assertEquals(1, bad.code());
    assertEquals(1, bad.err().strip().lines().count(), bad.err());
    assertTrue(bad.err().contains("bad.json: record 2") && bad.err().contains("field 'a'"), bad.err());
    assertFalse(Files.exists(db.resolve("t")), "a failed load must not leave the table behind");

    CliRun verbose = blaze("--verbose", "load", db.toString(), "t", json.toString(), "--datashape", "var * {a: int32}");
    assertTrue(verbose.err().lines().count() > 1 && verbose.err().contains("\tat "), verbose.err());

    CliRun syntax = blaze("load", db.toString(), "t", json.toString(), "--datashape", "var * {a int32}");
    assertEquals(1, syntax.code());
    assertTrue(syntax.err().contains("line 1, column 10"), syntax.err());

    CliRun missing = blaze("describe", dir.resolve("nowhere").toString());
    assertEquals(1, missing.code());
    assertTrue(missing.err().startsWith("blaze: no database at "), missing.err());

    CliRun noTable = blaze("describe", db.toString(), "ghost");
    assertEquals(1, noTable.code());
    assertTrue(noTable.err().contains("no table 'ghost'"), noTable.err());
  }

  @Test
  void infersKivaPageShape() {
    Path page = Path.of("").toAbsolutePath().getParent().getParent().resolve("shared/data/kiva/loans-page1.json");
    assertTrue(Files.exists(page), "Kiva data missing at " + page);
    CliRun infer = blaze("infer", page.toString(), "--path", "loans");
    assertEquals(0, infer.code(), infer.err());
    assertTrue(infer.out().startsWith("var * {\n    id: int64,"), infer.out());
    assertTrue(infer.out().contains("delinquent: ?bool"), infer.out());
  }

  @Test
  void demoLoadsTheBundledSample() {
    CliRun demo = blaze("demo", "--db", dir.resolve("demo").toString());
    assertEquals(0, demo.code(), demo.err());
    assertTrue(demo.out().contains("Loaded 23 Kiva loans"), demo.out());
    assertTrue(demo.out().contains("Cambodia                  11"), demo.out());
    assertTrue(demo.out().contains("Borrowers: 29 ({F=24, M=5})"), demo.out());
    // The same facts through SQL and the embedded JDBC driver.
    assertTrue(demo.out().contains("| Cambodia    |    11 | 7725.0 |"), demo.out());
    assertTrue(demo.out().contains("""
        | gender | borrowers |
        +--------+-----------+
        | F      |        24 |
        | M      |         5 |
        """), demo.out());
    assertTrue(demo.out().contains("| 226549 | Seiylkan's Group | Kyrgyzstan |      1425.0 |         4 |"), demo.out());
    // Running it again replaces the table instead of appending to it.
    assertTrue(blaze("demo", "--db", dir.resolve("demo").toString()).out().contains("Loaded 23 Kiva loans"));
  }
}
