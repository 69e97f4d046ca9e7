package org.blazedb.storage.ingest;

import static org.blazedb.storage.blz.BlzTestSupport.write;
import static org.blazedb.storage.ingest.IngestTestSupport.assertLoadFails;
import static org.blazedb.storage.ingest.IngestTestSupport.withShape;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.blazedb.engine.datashape.ArrayShape;
import org.blazedb.engine.datashape.DataShape;
import org.blazedb.engine.datashape.DataShapeParser;
import org.blazedb.storage.blz.BlzDatabase;
import org.blazedb.storage.blz.BlzTable;
import org.blazedb.storage.blz.BlzTestSupport;
import org.blazedb.storage.blz.JsonShapeAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inferred DataShapes, the JSON record layouts, and loading what was inferred. */
class JsonInferenceTest {
  @TempDir Path dir;
  private BlzDatabase db;

  @BeforeEach
  void open() {
    db = BlzDatabase.open(dir.resolve("db"), true);
  }

  /** Infers, loads into a new table, reopens it and compares every row with its record. */
  private DataShape inferLoadAndCompare(Path file, LoadOptions options, JsonNode records) {
    DataShape shape = Loader.infer(file, options);
    LoadResult result = Loader.load(db, "t", file, options.withChunkRows(2), LoadProgress.NONE);
    assertEquals(shape, result.shape());
    BlzTable table = BlzDatabase.open(db.dir(), false).table("t");
    assertEquals(shape, table.shape());
    List<Map<String, Object>> rows = BlzTestSupport.readAll(table);
    assertEquals(records.size(), rows.size());
    DataShape row = ((ArrayShape) shape).element();
    for (int i = 0; i < rows.size(); i++) {
      JsonShapeAssert.assertComplete(row, records.get(i), rows.get(i), "record " + (i + 1));
    }
    BlzTestSupport.assertRandomAccess(table, rows, 1);
    return shape;
  }

  @Test
  void kindsOptionsAndConflicts() {
    String json = """
        [
          {"i": 1, "f": 1, "b": true, "s": "x", "n": null, "mixed": 1, "o": {"a": 1, "b": [1, 2]}, "e": [],
           "big": 1, "l": [{"k": 1}, {"k": 2, "extra": "y"}]},
          {"i": 2, "f": 2.5, "b": false, "s": "y", "n": null, "mixed": "one", "o": {"a": 2, "b": []}, "e": [],
           "big": 18446744073709551615, "sometimes": 3, "l": []},
          {"i": -3, "f": -1e10, "b": true, "s": "", "n": null, "mixed": {"x": 1}, "o": null, "e": [],
           "big": 2, "sometimes": null, "l": [{"k": null}]}
        ]""";
    Path file = write(dir, "kinds.json", json);
    DataShape shape = inferLoadAndCompare(file, LoadOptions.defaults(), JsonShapeAssert.parse(json));
    assertEquals(DataShapeParser.parse("var * {i: int64, f: float64, b: bool, s: string, n: ?json, mixed: json,"
        + " o: ?{a: int64, b: var * int64}, e: var * json, big: float64, l: var * {k: ?int64, extra: ?string},"
        + " sometimes: ?int64}"), shape);
  }

  @Test
  void fieldNamesThatNeedQuoting() {
    String json = """
        [{"a b": 1, "it's": "q", "x.y": {"z[]": [true]}, "ü€": 2.5, "\\"quoted\\"": null, "": "empty name",
          "back\\\\slash": 0}]""";
    Path file = write(dir, "names.json", json);
    inferLoadAndCompare(file, LoadOptions.defaults(), JsonShapeAssert.parse(json));
  }

  @Test
  void jsonLinesAndConcatenatedObjects() {
    String lines = "{\"a\": 1, \"t\": \"x\"}\n{\"a\": 2}\n\n{\"a\": 3, \"t\": null}\n";
    JsonNode records = JsonShapeAssert.parse("[" + lines.strip().replace("\n\n", "\n").replace("\n", ",") + "]");
    inferLoadAndCompare(write(dir, "r.jsonl", lines), LoadOptions.defaults(), records);
    db.dropTable("t");
    // the same objects back to back in a .json file
    inferLoadAndCompare(write(dir, "r.json", lines.replace("\n", " ")), LoadOptions.defaults(), records);
  }

  @Test
  void recordsAtANestedPath() {
    String json = "{\"meta\": {\"n\": 2}, \"data\": {\"skip\": [1, {\"x\": []}], \"rows\": [{\"v\": 1}, {\"v\": 2}]}}";
    Path file = write(dir, "nested.json", json);
    inferLoadAndCompare(file, LoadOptions.defaults().withPath("data.rows"),
        JsonShapeAssert.parse(json).get("data").get("rows"));
  }

  @Test
  void emptyInputs() {
    Path empty = write(dir, "empty.json", "[]");
    IngestException e = org.junit.jupiter.api.Assertions.assertThrows(IngestException.class,
        () -> Loader.infer(empty, LoadOptions.defaults()));
    assertEquals(true, e.getMessage().contains("no records"), e.getMessage());
    // with a shape an empty file makes an empty table
    Loader.load(db, "t", empty, withShape("var * {a: int64}"), LoadProgress.NONE);
    assertEquals(0, db.table("t").snapshot().rows());
    assertEquals(List.of(), new ArrayList<>(BlzTestSupport.readAll(db.table("t"))));
  }

  @Test
  void duplicateFieldInARecord() {
    Path file = write(dir, "dup.json", "[{\"a\": 1}, {\"a\": 2, \"a\": 3}]");
    assertLoadFails(db, file, withShape("var * {a: int64}"), "record 2", "field 'a'", "twice");
  }
}
