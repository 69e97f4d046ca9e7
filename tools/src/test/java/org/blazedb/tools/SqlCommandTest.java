package org.blazedb.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code blaze sql}: statements with -e in each format, errors, and the sqlline shell. */
class SqlCommandTest {
  @TempDir Path dir;
  private Path db;

  private static CliRun blaze(String... args) {
    return CliRun.of(args);
  }

  private CliRun sql(String... args) {
    List<String> all = new ArrayList<>(List.of("sql", db.toString()));
    all.addAll(List.of(args));
    return blaze(all.toArray(String[]::new));
  }

  /** A table with a NULL in each column, a text with the CSV delimiter and quotes, and an empty text. */
  @BeforeEach
  void createTable() {
    db = dir.resolve("db");
    CliRun run = sql("--create", "-e", """
        CREATE TABLE t (id INT, name VARCHAR, score DOUBLE, ok BOOLEAN);
        INSERT INTO t VALUES (1, 'Ada', 1.5, TRUE), (2, NULL, NULL, NULL), (3, 'say "hi", Bo', -20, FALSE),
          (4, '', 0.25, TRUE)""");
    assertEquals(0, run.code(), run.err());
    assertEquals("OK\nOK, 4 rows affected\n", run.out());
    assertEquals("", run.err());
  }

  @Test
  void tableFormatAlignsColumnsNumbersOnTheRight() {
    CliRun run = sql("-e", "SELECT * FROM t ORDER BY id");
    assertEquals(0, run.code(), run.err());
    assertEquals("""
        +----+--------------+-------+-------+
        | id | name         | score | ok    |
        +----+--------------+-------+-------+
        |  1 | Ada          |   1.5 | true  |
        |  2 | NULL         |  NULL | NULL  |
        |  3 | say "hi", Bo | -20.0 | false |
        |  4 |              |  0.25 | true  |
        +----+--------------+-------+-------+
        (4 rows)
        """, run.out());
    assertEquals("", run.err());

    CliRun empty = sql("-e", "SELECT id AS \"the id\" FROM t WHERE id > 10");
    assertEquals("""
        +--------+
        | the id |
        +--------+
        +--------+
        (0 rows)
        """, empty.out());
  }

  @Test
  void csvFormatIsRfc4180WithLfAndNullAsEmptyField() {
    CliRun run = sql("--format", "csv", "-e", "SELECT * FROM t ORDER BY id", "-e", "SELECT 'a\nb' AS \"x,y\"");
    assertEquals(0, run.code(), run.err());
    assertEquals("""
        id,name,score,ok
        1,Ada,1.5,true
        2,,,
        3,"say ""hi"", Bo",-20.0,false
        4,"",0.25,true

        "x,y"
        "a
        b"
        """, run.out());
    assertEquals("", run.err());
  }

  @Test
  void jsonFormatIsOneArrayPerResultSet() {
    CliRun run = sql("--format", "JSON", "-e", "SELECT * FROM t ORDER BY id; SELECT id FROM t WHERE id > 10");
    assertEquals(0, run.code(), run.err());
    assertEquals("""
        [
          {"id":1,"name":"Ada","score":1.5,"ok":true},
          {"id":2,"name":null,"score":null,"ok":null},
          {"id":3,"name":"say \\"hi\\", Bo","score":-20.0,"ok":false},
          {"id":4,"name":"","score":0.25,"ok":true}
        ]
        []
        """, run.out());
  }

  @Test
  void statusLinesGoToStderrInCsvAndJsonSoStdoutIsData() {
    CliRun run = sql("--format", "csv", "-e", "INSERT INTO t VALUES (5, 'e', 5, TRUE); SELECT COUNT(*) AS n FROM t");
    assertEquals(0, run.code(), run.err());
    assertEquals("n\n5\n", run.out());
    assertEquals("OK, 1 row affected\n", run.err());
  }

  @Test
  void nestedValuesPrintReadablyAndAsJson() throws IOException {
    Path json = dir.resolve("loans.jsonl");
    Files.writeString(json, """
        {"id": 1, "place": {"country": "Kenya", "town": "Eldoret"}, "tags": ["farm", "cows"], "people": [{"name": "Amina", "age": 31}]}
        {"id": 2, "place": {"country": "Peru", "town": null}, "tags": [], "people": [{"name": "Rosa", "age": 40}, {"name": "Juan", "age": 38}]}
        """);
    CliRun load = blaze("load", db.toString(), "loans", json.toString());
    assertEquals(0, load.code(), load.err() + load.out());
    String query = "SELECT id, place, tags, people FROM loans ORDER BY id";

    CliRun table = sql("-e", query);
    assertEquals(0, table.code(), table.err());
    assertEquals("""
        +----+---------------------------------+--------------+------------------------------------------------+
        | id | place                           | tags         | people                                         |
        +----+---------------------------------+--------------+------------------------------------------------+
        |  1 | {country: Kenya, town: Eldoret} | [farm, cows] | [{name: Amina, age: 31}]                       |
        |  2 | {country: Peru, town: NULL}     | []           | [{name: Rosa, age: 40}, {name: Juan, age: 38}] |
        +----+---------------------------------+--------------+------------------------------------------------+
        (2 rows)
        """, table.out());

    CliRun csv = sql("--format", "csv", "-e", query);
    assertEquals("""
        id,place,tags,people
        1,"{country: Kenya, town: Eldoret}","[farm, cows]","[{name: Amina, age: 31}]"
        2,"{country: Peru, town: NULL}",[],"[{name: Rosa, age: 40}, {name: Juan, age: 38}]"
        """, csv.out());

    CliRun jsonOut = sql("--format", "json", "-e", query);
    assertEquals("""
        [
          {"id":1,"place":{"country":"Kenya","town":"Eldoret"},"tags":["farm","cows"],"people":[{"name":"Amina","age":31}]},
          {"id":2,"place":{"country":"Peru","town":null},"tags":[],"people":[{"name":"Rosa","age":40},{"name":"Juan","age":38}]}
        ]
        """, jsonOut.out());

    CliRun unnest = sql("-e", "SELECT l.place.country, p.name FROM loans AS l CROSS JOIN UNNEST(l.people) AS p "
        + "WHERE p.age > 35 ORDER BY p.name");
    assertEquals("""
        +---------+------+
        | country | name |
        +---------+------+
        | Peru    | Juan |
        | Peru    | Rosa |
        +---------+------+
        (2 rows)
        """, unnest.out());
  }

  @Test
  void severalStatementsInOneOptionAndAcrossOptionsRunInOrder() {
    CliRun run = sql("-e", "INSERT INTO t VALUES (5, 'semi;colon', 5, TRUE); -- a comment; not a statement\n"
        + "/* another; */ SELECT name FROM t WHERE id = 5;", "-e", "INSERT INTO t SELECT id + 10, name, score, ok FROM t",
        "-e", "SELECT COUNT(*) AS n FROM t");
    assertEquals(0, run.code(), run.err());
    assertEquals("""
        OK, 1 row affected

        +------------+
        | name       |
        +------------+
        | semi;colon |
        +------------+
        (1 row)

        OK, 5 rows affected

        +----+
        |  n |
        +----+
        | 10 |
        +----+
        (1 row)
        """, run.out());
  }

  @Test
  void badSqlIsOneLineWithThePositionAndStopsTheRun() {
    CliRun parse = sql("-e", "INSERT INTO t VALUES (5, 'e', 5, TRUE); SELEC id FROM t; INSERT INTO t VALUES (6, 'f', 6, TRUE)");
    assertEquals(1, parse.code());
    assertEquals("OK, 1 row affected\n", parse.out());
    assertEquals("blaze: statement 2: Non-query expression encountered in illegal context at line 1, column 1\n",
        parse.err());

    CliRun syntax = sql("-e", "SELECT id FROM t WHERE");
    assertEquals(1, syntax.code());
    assertEquals("blaze: Encountered \"<EOF>\" at line 1, column 22\n", syntax.err());

    CliRun unknown = sql("-e", "SELECT 1;\nSELECT nope\nFROM t");
    assertEquals(1, unknown.code());
    assertEquals("blaze: statement 2: From line 1, column 8 to line 1, column 11: Column 'nope' not found in any table\n",
        unknown.err());

    // The statements after the error did not run: 6 is not there.
    assertEquals("n\n5\n", sql("--format", "csv", "-e", "SELECT COUNT(*) AS n FROM t").out());
  }

  @Test
  void aMissingDatabaseIsAnErrorUnlessCreate() {
    Path missing = dir.resolve("nowhere");
    CliRun run = blaze("sql", missing.toString(), "-e", "SELECT 1");
    assertEquals(1, run.code());
    assertEquals("blaze: no database at " + missing + " (add --create to create it)\n", run.err());
    assertFalse(Files.exists(missing));

    CliRun bad = blaze("sql", db.toString(), "--format", "xml", "-e", "SELECT 1");
    assertEquals(2, bad.code());
    assertTrue(bad.err().startsWith("Invalid value for option '--format': expected table, csv or json, not 'xml'"),
        bad.err());

    CliRun created = blaze("sql", missing.toString(), "--create", "-e", "SELECT 42 AS answer");
    assertEquals(0, created.code(), created.err());
    assertTrue(created.out().contains("|     42 |"), created.out());
    assertTrue(Files.isDirectory(missing));
  }

  /** The sqlline shell as a child process, its statements on standard input (not a terminal). */
  @Test
  void shellReadsStatementsFromStandardInput() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"),
        "org.blazedb.tools.BlazeCli", "sql", db.toString());
    Path stderr = dir.resolve("stderr.txt");
    pb.redirectError(stderr.toFile());
    Process p = pb.start();
    try (OutputStream in = p.getOutputStream()) {
      in.write("SELECT COUNT(*) AS how_many FROM t;\nSELECT name FROM t WHERE id = 1;\n!quit\n"
          .getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
    String err = Files.readString(stderr);
    assertEquals(0, p.exitValue(), out + err);
    assertTrue(out.matches("(?s).*\\| how_many \\|\\R.*\\| 4 +\\|.*"), out + err);
    assertTrue(out.matches("(?s).*\\| Ada +\\|.*"), out + err);
    assertFalse(err.contains("Error"), err);

    // At the end of the input, without !quit, the shell exits too.
    ProcessBuilder eof = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"),
        "org.blazedb.tools.BlazeCli", "sql", db.toString());
    eof.redirectInput(writeFile("in.sql", "SELECT MAX(id) + 100 AS m FROM t;\n"));
    eof.redirectError(stderr.toFile());
    Process q = eof.start();
    String out2 = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(q.waitFor(60, TimeUnit.SECONDS), out2);
    assertEquals(0, q.exitValue(), out2 + Files.readString(stderr));
    assertTrue(out2.contains("| 104 "), out2 + Files.readString(stderr));
  }

  private File writeFile(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file.toFile();
  }
}
