package org.blazedb.storage.ingest;

import static org.blazedb.storage.blz.BlzTestSupport.write;
import static org.blazedb.storage.ingest.IngestTestSupport.assertLoadFails;
import static org.blazedb.storage.ingest.IngestTestSupport.withShape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.blazedb.storage.blz.BlzDatabase;
import org.blazedb.storage.blz.BlzTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON that does not fit its DataShape is refused with a message naming file, record and field. */
class JsonIngestErrorTest {
  @TempDir Path dir;
  private BlzDatabase db;

  @BeforeEach
  void open() {
    db = BlzDatabase.open(dir.resolve("db"), true);
  }

  private Path json(String content) {
    return write(dir, "input.json", content);
  }

  @Test
  void malformedJsonNamesLineAndColumn() {
    Path file = json("[\n  {\"a\": 1},\n  {\"a\": 2,, \"b\": 3}\n]\n");
    IngestException e = assertLoadFails(db, file, withShape("var * {a: int64}"), file.toString(), "malformed JSON",
        "line 3, column ");
    assertTrue(e.getMessage().matches("(?s).*line 3, column \\d+.*"), e.getMessage());
    // inference reads the same file and says the same
    IngestException inferred = assertThrows(IngestException.class, () -> Loader.infer(file, LoadOptions.defaults()));
    assertTrue(inferred.getMessage().contains("line 3"), inferred.getMessage());
  }

  @Test
  void truncatedJson() {
    Path file = json("[{\"a\": 1}, {\"a\": ");
    assertLoadFails(db, file, withShape("var * {a: int64}"), file.toString(), "malformed JSON", "line 1");
  }

  @Test
  void wrongTypeInListElementNamesRecordAndFieldPath() {
    Path file = json("""
        [
          {"id": 1, "borrowers": [{"gender": "F", "pictured": true}]},
          {"id": 2, "borrowers": [{"gender": "M", "pictured": false}, {"gender": 5, "pictured": true}]}
        ]""");
    assertLoadFails(db, file, withShape("var * {id: int64, borrowers: var * {gender: string[1], pictured: bool}}"),
        file.toString(), "record 2", "field 'borrowers[].gender'", "the number 5", "line 3");
  }

  @Test
  void missingRequiredField() {
    Path file = json("[{\"id\": 1, \"name\": \"a\"}, {\"id\": 2, \"name\": \"b\"}, {\"id\": 3}]");
    assertLoadFails(db, file, withShape("var * {id: int64, name: string}"), "record 3", "field 'name'", "missing");
  }

  @Test
  void missingNestedRequiredField() {
    Path file = json("[{\"loc\": {\"geo\": {\"lat\": 1.0}}}, {\"loc\": {\"geo\": {}}}]");
    assertLoadFails(db, file, withShape("var * {loc: {geo: {lat: float64}}}"), "record 2", "field 'loc.geo.lat'");
  }

  @Test
  void nullForNonOptionalField() {
    Path file = json("[{\"flag\": true}, {\"flag\": null}]");
    assertLoadFails(db, file, withShape("var * {flag: bool}"), "record 2", "field 'flag'", "null is not allowed");
  }

  @Test
  void valuesOutOfRangeOrOfTheWrongForm() {
    record Bad(String shape, String value, String field, String why) {}
    for (Bad bad : List.of(
        new Bad("int8", "128", "v", "out of range"),
        new Bad("uint8", "-1", "v", "out of range"),
        new Bad("uint32", "4294967296", "v", "out of range"),
        new Bad("int64", "9223372036854775808", "v", "out of range"),
        new Bad("uint64", "18446744073709551616", "v", "out of range"),
        new Bad("uint64", "-1", "v", "out of range"),
        new Bad("int32", "1.5", "v", "is not a int32"),
        new Bad("int32", "\"12\"", "v", "is not a int32"),
        new Bad("decimal[5,2]", "1.234", "v", "decimal places"),
        new Bad("decimal[5,2]", "1234.5", "v", "out of range"),
        new Bad("string[2]", "\"abc\"", "v", "longer than"),
        new Bad("categorical[['a', 'b']]", "\"c\"", "v", "categories"),
        new Bad("date", "\"2024-02-30\"", "v", "is not a date"),
        new Bad("date", "\"+9999999-01-01\"", "v", "is not a date"),
        new Bad("bytes", "\"not base64!\"", "v", "base64"),
        new Bad("3 * int32", "[1, 2]", "v", "needs 3"),
        new Bad("(int32, string)", "[1]", "v", "needs 2"),
        new Bad("{x: int32}", "[1]", "v", "expected an object"),
        new Bad("var * int32", "{}", "v", "expected an array"),
        new Bad("var * int32", "[1, \"x\"]", "v[]", "is not a int32"))) {
      Path file = write(dir, "bad.json", "[{\"v\": " + firstValid(bad.shape()) + "}, {\"v\": " + bad.value() + "}]");
      assertLoadFails(db, file, withShape("var * {v: " + bad.shape() + "}"), file.toString(), "record 2",
          "field '" + bad.field() + "'", bad.why());
    }
  }

  /** A value of each shape above that loads, so that the bad one is record 2. */
  private static String firstValid(String shape) {
    return switch (shape) {
      case "string[2]", "categorical[['a', 'b']]" -> "\"a\"";
      case "date" -> "\"2024-01-01\"";
      case "bytes" -> "\"AAE=\"";
      case "3 * int32" -> "[1, 2, 3]";
      case "(int32, string)" -> "[1, \"a\"]";
      case "{x: int32}" -> "{\"x\": 1}";
      case "var * int32" -> "[]";
      default -> "1";
    };
  }

  @Test
  void recordThatIsNotAnObject() {
    Path file = json("[{\"a\": 1}, 7]");
    assertLoadFails(db, file, withShape("var * {a: int64}"), "record 2", "must be a JSON object");
    IngestException e = assertThrows(IngestException.class, () -> Loader.infer(file, LoadOptions.defaults()));
    assertTrue(e.getMessage().contains("record 2") && e.getMessage().contains("not a JSON object"), e.getMessage());
  }

  @Test
  void fileNotFound() {
    Path missing = dir.resolve("nowhere.json");
    assertLoadFails(db, missing, withShape("var * {a: int64}"), "no such file", missing.toString());
    assertLoadFails(db, missing, LoadOptions.defaults(), "no such file", missing.toString());
    IngestException e = assertThrows(IngestException.class, () -> Loader.infer(missing, LoadOptions.defaults()));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void missingRecordsPath() {
    Path file = json("{\"header\": {}, \"items\": []}");
    assertLoadFails(db, file, withShape("var * {a: int64}").withPath("loans"), "no field 'loans'");
  }

  /** A failed load into an existing table leaves it as it was, and a good one appends. */
  @Test
  void failedAppendLeavesTableUnchanged() {
    Path good = write(dir, "good.json", "[{\"a\": 1}, {\"a\": 2}, {\"a\": 3}]");
    Loader.load(db, "t", good, withShape("var * {a: int64}"), LoadProgress.NONE);
    var table = db.table("t");
    var files = BlzTestSupport.chunkFiles(table);
    // the bad value comes after several full 2-row chunks were written
    Path bad = write(dir, "bad.json", "[{\"a\": 4}, {\"a\": 5}, {\"a\": 6}, {\"a\": 7}, {\"a\": 8}, {\"a\": \"x\"}]");
    IngestException e = assertThrows(IngestException.class,
        () -> Loader.load(db, "t", bad, LoadOptions.defaults(), LoadProgress.NONE));
    assertTrue(e.getMessage().contains("record 6"), e.getMessage());
    assertEquals(3, table.snapshot().rows());
    assertEquals(files, BlzTestSupport.chunkFiles(table), "the failed load's chunks are removed");
    LoadResult more = Loader.load(db, "t", good, LoadOptions.defaults(), LoadProgress.NONE);
    assertEquals(3, more.rows());
    assertEquals(List.of(1L, 2L, 3L, 1L, 2L, 3L),
        BlzTestSupport.readAll(table).stream().map(r -> r.get("a")).toList());
  }

  @Test
  void shapeDifferentFromExistingTable() {
    Path good = write(dir, "good.json", "[{\"a\": 1}]");
    Loader.load(db, "t", good, withShape("var * {a: int64}"), LoadProgress.NONE);
    IngestException e = assertThrows(IngestException.class,
        () -> Loader.load(db, "t", good, withShape("var * {a: int32}"), LoadProgress.NONE));
    assertTrue(e.getMessage().contains("differs"), e.getMessage());
    assertEquals(List.of(Map.of("a", 1L)), BlzTestSupport.readAll(db.table("t")));
  }
}
