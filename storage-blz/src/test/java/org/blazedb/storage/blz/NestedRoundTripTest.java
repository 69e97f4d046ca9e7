package org.blazedb.storage.blz;

import static org.blazedb.storage.blz.BlzTestSupport.assertRows;
import static org.blazedb.storage.blz.BlzTestSupport.list;
import static org.blazedb.storage.blz.BlzTestSupport.loadJson;
import static org.blazedb.storage.blz.BlzTestSupport.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.blazedb.engine.datashape.ArrayShape;
import org.blazedb.engine.datashape.DataShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records, options, variable and fixed dimensions and tuples, nested in each other: loaded from
 * JSON with small chunks (so element columns and their parents break at different rows) and read
 * back sequentially and at random.
 */
class NestedRoundTripTest {
  @TempDir Path dir;

  private BlzTable load(String shape, int chunkRows, String json) {
    return loadJson(BlzDatabase.open(dir.resolve("db"), true), dir, "t", shape, chunkRows, json);
  }

  /** Compares every row with the JSON it came from, sequentially and at random. */
  private static void assertMatchesJson(BlzTable table, String json) {
    JsonNode input = JsonShapeAssert.parse(json);
    DataShape rowShape = ((ArrayShape) table.shape()).element();
    List<Map<String, Object>> rows = BlzTestSupport.readAll(table);
    assertEquals(input.size(), rows.size());
    for (int i = 0; i < rows.size(); i++) {
      JsonShapeAssert.assertComplete(rowShape, input.get(i), rows.get(i), "row " + i);
    }
    BlzTestSupport.assertRandomAccess(table, rows, 7);
  }

  @Test
  void nestedAndOptionalRecords() {
    String json = """
        [
          {"id": 1, "loc": {"country": "KE", "town": "Nairobi", "geo": {"lat": -1.28, "lon": 36.8}}, "opt": {"x": 1, "y": "a"}},
          {"id": 2, "loc": {"country": "UG", "town": null, "geo": {"lat": 0.75, "lon": 34.08}}, "opt": null},
          {"id": 3, "loc": {"country": "PE", "geo": {"lat": -12.0, "lon": -77.0}}},
          {"id": 4, "loc": {"country": "KH", "town": "Kampong", "geo": {"lat": 11.5, "lon": 104.9}}, "opt": {"x": 4}},
          {"id": 5, "loc": {"country": "PH", "town": "", "geo": {"lat": 14.6, "lon": 121.0}}, "opt": {"x": 5, "y": null}},
          {"id": 6, "loc": {"country": "KE", "town": "Kisumu", "geo": {"lat": -0.1, "lon": 34.7}}, "opt": null},
          {"id": 7, "loc": {"country": "MX", "town": "Oaxaca", "geo": {"lat": 17.0, "lon": -96.7}}, "opt": {"x": 7, "y": "g"}}
        ]""";
    BlzTable table = load(
        "var * {id: int64, loc: {country: string[2], town: ?string, geo: {lat: float64, lon: float64}},"
            + " opt: ?{x: int32, y: ?string}}", 2, json);
    assertMatchesJson(table, json);
    // spot check the Java form of a missing and a present optional record
    List<Map<String, Object>> rows = BlzTestSupport.readAll(table);
    assertEquals(null, rows.get(1).get("opt"));
    assertEquals(null, rows.get(2).get("opt"));
    assertEquals(row("x", 4L, "y", null), rows.get(3).get("opt"));
  }

  @Test
  void listsOfListsWithEmptyArraysAcrossChunks() {
    // empty arrays at the start, the end and between; whole chunks of rows with no elements at all
    String json = """
        [
          {"m": []},
          {"m": [[]]},
          {"m": [[1, 2, 3], [], [4]]},
          {"m": []},
          {"m": []},
          {"m": []},
          {"m": []},
          {"m": [[5], [6, 7, 8, 9, 10, 11, 12], [], []]},
          {"m": [[], [13]]},
          {"m": [[-2147483648, 2147483647]]},
          {"m": []},
          {"m": [[]]},
          {"m": []}
        ]""";
    BlzTable table = load("var * {m: var * var * int32}", 3, json);
    assertMatchesJson(table, json);
    assertEquals(list(list(1L, 2L, 3L), list(), list(4L)), BlzTestSupport.readAll(table).get(2).get("m"));
  }

  @Test
  void listOfRecordsHoldingLists() {
    String json = """
        [
          {"b": [{"a": ["x", "y"]}, {"a": []}, {"a": ["z"]}]},
          {"b": []},
          {"b": [{"a": []}]},
          {"b": [{"a": ["p", "q", "r", "s", "t"]}, {"a": ["u"]}]},
          {"b": []},
          {"b": [{"a": ["", "long string ünïcödé"]}]},
          {"b": [{"a": []}, {"a": []}, {"a": []}, {"a": ["last"]}]}
        ]""";
    BlzTable table = load("var * {b: var * {a: var * string}}", 2, json);
    assertMatchesJson(table, json);
  }

  @Test
  void fixedDimensionsAndTuples() {
    String json = """
        [
          {"p": [1.0, 2.5, -3.25], "t": [1, "one"], "ot": null, "q": [[1, 2], [3, 4], [5, 6]]},
          {"p": [0, 0, 0], "t": [-2, ""], "ot": [true, 1.5], "q": [[0, 0], [0, 0], [0, 0]]},
          {"p": [1e300, -1e-300, 0.1], "t": [3, "three"], "q": [[9, 8], [7, 6], [5, 4]]},
          {"p": [4, 5, 6], "t": [2147483647, "max"], "ot": [false, -0.5], "q": [[1, 1], [2, 2], [3, 3]]},
          {"p": [7, 8, 9], "t": [0, "zero"], "ot": [true, 0], "q": [[4, 4], [5, 5], [6, 6]]}
        ]""";
    BlzTable table = load(
        "var * {p: 3 * float64, t: (int32, string), ot: ?(bool, float32), q: 3 * 2 * int16}", 2, json);
    assertMatchesJson(table, json);
    Map<String, Object> first = BlzTestSupport.readAll(table).get(0);
    assertEquals(list(1.0, 2.5, -3.25), first.get("p"));
    assertEquals(list(1L, "one"), first.get("t"), "a tuple reads as a list");
  }

  @Test
  void optionalListsAndOptionalElements() {
    String json = """
        [
          {"l": null, "e": [1, null, 3], "r": [{"k": 1}, null, {"k": null}]},
          {"e": [], "r": []},
          {"l": [], "e": [null], "r": [null]},
          {"l": ["a", "b"], "e": [null, null, 7], "r": [{"k": 2}]},
          {"l": ["c"], "e": [8], "r": [null, null]}
        ]""";
    BlzTable table = load("var * {l: ?var * string, e: var * ?int64, r: var * ?{k: ?int8}}", 2, json);
    assertMatchesJson(table, json);
    List<Map<String, Object>> rows = BlzTestSupport.readAll(table);
    assertEquals(null, rows.get(0).get("l"));
    assertEquals(null, rows.get(1).get("l"), "an absent optional list is missing, not empty");
    assertEquals(list(), rows.get(2).get("l"));
    assertEquals(list(row("k", 1L), null, row("k", null)), rows.get(0).get("r"));
  }

  /** Random nested data over many chunks: a stress test of the element-offset bookkeeping of seeks. */
  @Test
  void randomNestedDataManyChunks() {
    Random random = new Random(11);
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < 300; i++) {
      json.append(i == 0 ? "" : ",\n").append("{\"id\": ").append(i).append(", \"o\": ");
      if (random.nextInt(4) == 0) {
        json.append("null");
      } else {
        json.append("{\"xs\": ").append(randomInts(random)).append(", \"name\": \"n").append(i).append("\"}");
      }
      json.append(", \"g\": [");
      int groups = random.nextInt(4);
      for (int g = 0; g < groups; g++) {
        json.append(g == 0 ? "" : ", ").append("{\"v\": ").append(randomInts(random))
            .append(", \"w\": ").append(random.nextBoolean() ? "null" : Integer.toString(random.nextInt(100)))
            .append("}");
      }
      json.append("]}");
    }
    json.append("]");
    BlzTable table = load("var * {id: int64, o: ?{xs: var * int64, name: string}, g: var * {v: var * int16, w: ?int32}}",
        7, json.toString());
    assertTrue(table.snapshot().chunks("g[].v[]").size() > 10, "element chunks span many chunks");
    assertMatchesJson(table, json.toString());
  }

  private static String randomInts(Random random) {
    int n = random.nextInt(6) == 0 ? 0 : random.nextInt(9);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      values.add(Integer.toString(random.nextInt(20000) - 10000));
    }
    return values.toString();
  }

  @Test
  void listsReadAsJavaLists() {
    String json = "[{\"a\": [1]}, {\"a\": []}, {\"a\": [2, 3]}, {\"a\": [4, 5, 6, 7]}, {\"a\": []}]";
    BlzTable table = load("var * {a: var * int64}", 2, json);
    assertRows(table, List.of(row("a", list(1L)), row("a", list()), row("a", list(2L, 3L)),
        row("a", list(4L, 5L, 6L, 7L)), row("a", list())));
  }
}
