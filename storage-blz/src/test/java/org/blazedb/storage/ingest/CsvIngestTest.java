package org.blazedb.storage.ingest;

import static org.blazedb.storage.blz.BlzTestSupport.row;
import static org.blazedb.storage.blz.BlzTestSupport.write;
import static org.blazedb.storage.ingest.IngestTestSupport.assertLoadFails;
import static org.blazedb.storage.ingest.IngestTestSupport.withShape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.blazedb.engine.datashape.DataShape;
import org.blazedb.engine.datashape.DataShapeParser;
import org.blazedb.storage.blz.BlzDatabase;
import org.blazedb.storage.blz.BlzTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV: RFC 4180 quoting, dialects, type inference and errors that name line and field. */
class CsvIngestTest {
  @TempDir Path dir;
  private BlzDatabase db;

  @BeforeEach
  void open() {
    db = BlzDatabase.open(dir.resolve("db"), true);
  }

  private List<Map<String, Object>> load(Path file, LoadOptions options) {
    LoadResult result = Loader.load(db, "t", file, options, LoadProgress.NONE);
    List<Map<String, Object>> rows = BlzTestSupport.readAll(db.table("t"));
    assertEquals(result.rows(), rows.size());
    BlzTestSupport.assertRandomAccess(db.table("t"), rows, 3);
    return rows;
  }

  @Test
  void quotedFieldsWithDelimitersQuotesAndNewlines() {
    Path file = write(dir, "q.csv", "id,name,note,score,ok\r\n"
        + "1,plain,,1.5,true\r\n"
        + "2,\"with, comma\",\"say \"\"hi\"\"\",-2,false\r\n"
        + "3,\"two\nlines\",\"crlf\r\ninside\",,t\n"
        + "\n"
        + "4,\"\",\"\"\"\",1e3,0\n"
        + "5,  spaced  ,x,0.25,yes");
    List<Map<String, Object>> rows = load(file,
        withShape("var * {id: int64, name: string, note: ?string, score: ?float64, ok: bool}"));
    assertEquals(List.of(
        row("id", 1L, "name", "plain", "note", null, "score", 1.5, "ok", true),
        row("id", 2L, "name", "with, comma", "note", "say \"hi\"", "score", -2.0, "ok", false),
        row("id", 3L, "name", "two\nlines", "note", "crlf\r\ninside", "score", null, "ok", true),
        row("id", 4L, "name", "", "note", "\"", "score", 1000.0, "ok", false),
        row("id", 5L, "name", "  spaced  ", "note", "x", "score", 0.25, "ok", true)), rows);
  }

  @Test
  void semicolonsAndNa() {
    Path file = write(dir, "s.csv", "a;b;c\n1;NA;x\nNA;2,5;\"NA\"\n3;4;NA\n");
    LoadOptions options = LoadOptions.defaults().withCsv(new CsvOptions(';', '"', true, "NA"));
    assertEquals(DataShapeParser.parse("var * {a: ?int64, b: ?string, c: ?string}"), Loader.infer(file, options));
    List<Map<String, Object>> rows = load(file, options);
    assertEquals(List.of(
        row("a", 1L, "b", null, "c", "x"),
        row("a", null, "b", "2,5", "c", "NA"), // a quoted NA is text
        row("a", 3L, "b", "4", "c", null)), rows);
  }

  @Test
  void inferenceOfEachType() {
    Path file = write(dir, "types.csv", """
        b,i,f,s,oi,of,os,ob,empty
        true,1,1.5,x,1,,a,false,
        false,-20,2,12a,,2.5,,,
        TRUE,300,-3e2,3.0.0,7,-1,c,true,
        """);
    DataShape shape = Loader.infer(file, LoadOptions.defaults());
    assertEquals(DataShapeParser.parse("var * {b: bool, i: int64, f: float64, s: string, oi: ?int64,"
        + " of: ?float64, os: ?string, ob: ?bool, empty: ?string}"), shape);
    List<Map<String, Object>> rows = load(file, LoadOptions.defaults());
    assertEquals(row("b", true, "i", 1L, "f", 1.5, "s", "x", "oi", 1L, "of", null, "os", "a", "ob", false,
        "empty", null), rows.get(0));
    assertEquals(row("b", false, "i", -20L, "f", 2.0, "s", "12a", "oi", null, "of", 2.5, "os", null, "ob", null,
        "empty", null), rows.get(1));
    assertEquals(row("b", true, "i", 300L, "f", -300.0, "s", "3.0.0", "oi", 7L, "of", -1.0, "os", "c", "ob", true,
        "empty", null), rows.get(2));
  }

  @Test
  void headerNamesThatNeedQuotingInPaths() {
    // Real headers have spaces and punctuation; the inferred fields keep those names.
    Path file = write(dir, "spaces.csv", "Loan Amount,country.code,id\n100,KE,1\n,UG,2\n250,PE,3\n");
    DataShape shape = Loader.infer(file, LoadOptions.defaults());
    List<Map<String, Object>> rows = load(file, LoadOptions.defaults().withShape(shape));
    assertEquals(List.of(
        row("Loan Amount", 100L, "country.code", "KE", "id", 1L),
        row("Loan Amount", null, "country.code", "UG", "id", 2L),
        row("Loan Amount", 250L, "country.code", "PE", "id", 3L)), rows);
  }

  @Test
  void byteOrderMarkIsNotPartOfTheFirstName() {
    Path file = write(dir, "bom.csv", "\uFEFFid,name\n1,a\n");
    DataShape shape = DataShapeParser.parse("var * {id: int64, name: string}");
    assertEquals(shape, Loader.infer(file, LoadOptions.defaults()));
    assertEquals(List.of(row("id", 1L, "name", "a")), load(file, LoadOptions.defaults().withShape(shape)));
  }

  @Test
  void float32OverflowIsRefused() {
    Path file = write(dir, "big.csv", "x\n1.5\n1e39\n");
    IngestException e = assertThrows(IngestException.class,
        () -> load(file, LoadOptions.defaults().withShape(DataShapeParser.parse("var * {x: float32}"))));
    assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("1e39 is out of range for float32"),
        e.getMessage());
  }

  @Test
  void noHeaderNamesColumnsByPosition() {
    Path file = write(dir, "nh.csv", "1,a\n2,b\n");
    LoadOptions options = LoadOptions.defaults().withCsv(new CsvOptions(',', '"', false, ""));
    assertEquals(DataShapeParser.parse("var * {column1: int64, column2: string}"), Loader.infer(file, options));
    assertEquals(List.of(row("column1", 1L, "column2", "a"), row("column1", 2L, "column2", "b")), load(file, options));
  }

  @Test
  void badValueNamesLineAndField() {
    // the record starting on line 2 spans two lines and line 5 is blank: the bad record is on line 6
    Path file = write(dir, "bad.csv", "id,n\n1,\"multi\nline\"\n2,x\n\nthree,abc\n");
    assertLoadFails(db, file, withShape("var * {id: int64, n: string}"), file.toString(), "line 6", "field 'id'",
        "'three'");
  }

  @Test
  void structuralErrors() {
    Path noColumn = write(dir, "h.csv", "a,b\n1,2\n");
    assertLoadFails(db, noColumn, withShape("var * {a: int64, c: int64}"), "header has no column 'c'");
    Path shortLine = write(dir, "short.csv", "a,b\n1,2\n3\n");
    assertLoadFails(db, shortLine, withShape("var * {a: int64, b: int64}"), "line 3", "1 fields");
    Path missingValue = write(dir, "mv.csv", "a,b\n1,2\n3,\n");
    assertLoadFails(db, missingValue, withShape("var * {a: int64, b: int64}"), "line 3", "field 'b'", "missing");
    Path unterminated = write(dir, "u.csv", "a,b\n1,\"open\n");
    assertLoadFails(db, unterminated, withShape("var * {a: int64, b: string}"), unterminated.toString(),
        "unterminated");
    Path nested = write(dir, "n.csv", "a\n1\n");
    assertLoadFails(db, nested, withShape("var * {a: {x: int64}}"), "nested");
    Path ragged = write(dir, "ragged.csv", "a,b\n1,2\n3,4,5\n");
    IngestException e = assertThrows(IngestException.class, () -> Loader.infer(ragged, LoadOptions.defaults()));
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
  }

  @Test
  void fileNotFound() {
    Path missing = dir.resolve("missing.csv");
    assertLoadFails(db, missing, LoadOptions.defaults(), "no such file", missing.toString());
  }
}
