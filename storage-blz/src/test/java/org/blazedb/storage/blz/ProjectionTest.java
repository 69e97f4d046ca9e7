package org.blazedb.storage.blz;

import static org.blazedb.storage.blz.BlzTestSupport.list;
import static org.blazedb.storage.blz.BlzTestSupport.loadJson;
import static org.blazedb.storage.blz.BlzTestSupport.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reader of some paths returns only those fields and touches only their columns. */
class ProjectionTest {
  private static final String[] COUNTRIES = {"Kenya", "Uganda", "Peru", "Cambodia", "Philippines"};
  private static final int ROWS = 17;

  @TempDir Path dir;
  private BlzTable table;

  @BeforeEach
  void load() {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < ROWS; i++) {
      json.append(i == 0 ? "" : ",\n").append(String.format(
          "{\"id\": %d, \"name\": \"loan %d\", \"location\": {\"country\": \"%s\", \"town\": %s,"
              + " \"geo\": {\"lat\": %d.5}}, \"borrowers\": [%s], \"extra\": {\"ignored\": true}}",
          i, i, COUNTRIES[i % COUNTRIES.length], i % 3 == 0 ? "null" : "\"town " + i + "\"", i,
          "{\"gender\": \"F\", \"first\": \"a\"},".repeat(i % 3) + "{\"gender\": \"M\", \"first\": \"b" + i + "\"}"));
    }
    BlzDatabase db = BlzDatabase.open(dir.resolve("db"), true);
    table = loadJson(db, dir, "loans", "var * {id: int64, name: string, location: {country: string,"
        + " town: ?string, geo: {lat: float64}}, borrowers: var * {gender: string[1], first: string}}", 3,
        json.append("]").toString());
  }

  private List<Map<String, Object>> readAll(Collection<String> paths) {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (var reader = table.snapshot().rowReader(paths)) {
      while (reader.hasNext()) {
        rows.add(reader.next());
      }
    }
    return rows;
  }

  private static Map<String, Object> country(int i) {
    return row("location", row("country", COUNTRIES[i % COUNTRIES.length]));
  }

  @Test
  void nestedFieldOnly() {
    List<Map<String, Object>> rows = readAll(List.of("location.country"));
    assertEquals(ROWS, rows.size());
    for (int i = 0; i < ROWS; i++) {
      assertEquals(country(i), rows.get(i), "row " + i);
    }
  }

  @Test
  void readsNoOtherColumn() throws IOException {
    // Remove the chunks of every column but location.country: the projection must not notice.
    for (PhysicalColumn column : table.layout().columns()) {
      if (!column.path().equals("location.country")) {
        TableFiles.deleteRecursively(table.dir().resolve(TableFiles.COLUMNS_DIR).resolve(column.folderName()));
      }
    }
    assertEquals(List.of("location.country"), BlzTestSupport.chunkFiles(table).stream()
        .map(f -> f.substring(0, f.indexOf('/'))).distinct().toList());
    List<Map<String, Object>> rows = readAll(List.of("location.country"));
    for (int i = 0; i < ROWS; i++) {
      assertEquals(country(i), rows.get(i), "row " + i);
    }
    try (var reader = table.snapshot().rowReader(List.of("location.country"))) {
      for (int i : new int[] {16, 0, 9, 10, 3}) {
        assertEquals(country(i), reader.read(i), "row " + i + " at random");
      }
    }
    // whereas reading everything reports the missing chunks
    try (var reader = table.snapshot().rowReader()) {
      CorruptDataException e = assertThrows(CorruptDataException.class, reader::next);
      assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }
  }

  @Test
  void fieldInsideListElements() throws IOException {
    TableFiles.deleteRecursively(table.dir().resolve(TableFiles.COLUMNS_DIR)
        .resolve(table.layout().column("borrowers[].first").folderName()));
    List<Map<String, Object>> rows = readAll(List.of("borrowers[].gender", "id"));
    for (int i = 0; i < ROWS; i++) {
      List<Object> genders = new ArrayList<>();
      for (int k = 0; k < i % 3; k++) {
        genders.add(row("gender", "F"));
      }
      genders.add(row("gender", "M"));
      assertEquals(row("id", (long) i, "borrowers", genders), rows.get(i), "row " + i);
    }
  }

  @Test
  void wholeSubtreeAndSeveralPaths() {
    List<Map<String, Object>> rows = readAll(List.of("name", "location.geo"));
    for (int i = 0; i < ROWS; i++) {
      assertEquals(row("name", "loan " + i, "location", row("geo", row("lat", i + 0.5))), rows.get(i));
    }
    assertFalse(rows.getFirst().containsKey("id"));
    assertEquals(list(row("gender", "M", "first", "b0")), readAll(List.of("borrowers")).getFirst().get("borrowers"));
  }

  @Test
  void unknownPathIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> table.snapshot().rowReader(List.of("location.nowhere")));
    assertTrue(e.getMessage().contains("location.nowhere"), e.getMessage());
  }
}
