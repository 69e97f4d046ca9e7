package org.blazedb.storage.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

/** The Kiva sample data: loaded with its hand-written DataShape or an inferred one, read back equal. */
class KivaLoadTest {
  private static final int CHUNK_ROWS = 7;

  @TempDir Path dir;
  private BlzDatabase db;
  private DataShape loansShape;

  @BeforeEach
  void open() throws IOException {
    db = BlzDatabase.open(dir.resolve("db"), true);
    loansShape = DataShapeParser.parse(Files.readString(BlzTestSupport.kiva("loans.datashape")));
  }

  private static JsonNode readJson(Path file) throws IOException {
    return JsonShapeAssert.MAPPER.readTree(file.toFile());
  }

  /** Every row read sequentially, and again at random, matches the input record. */
  private static void assertTableMatches(BlzTable table, JsonNode records, boolean allFields) {
    DataShape row = ((ArrayShape) table.shape()).element();
    List<Map<String, Object>> rows = BlzTestSupport.readAll(table);
    assertEquals(records.size(), rows.size(), "rows");
    for (int i = 0; i < rows.size(); i++) {
      if (allFields) {
        JsonShapeAssert.assertComplete(row, records.get(i), rows.get(i), "record " + (i + 1));
      } else {
        JsonShapeAssert.assertProjected(row, records.get(i), rows.get(i), "record " + (i + 1));
      }
    }
    try (var reader = table.snapshot().rowReader()) {
      for (int i = rows.size() - 1; i >= 0; i -= 3) {
        JsonShapeAssert.assertProjected(row, records.get(i), reader.read(i), "record " + (i + 1) + " at random");
      }
    }
  }

  private BlzTable loadTinyWithShape() {
    LoadResult result = Loader.load(db, "loans", BlzTestSupport.kiva("loans-tiny.json"),
        LoadOptions.defaults().withShape(loansShape).withChunkRows(CHUNK_ROWS), LoadProgress.NONE);
    assertTrue(result.createdTable());
    assertFalse(result.inferred());
    return db.table("loans");
  }

  @Test
  void tinyWithGivenShape() throws IOException {
    BlzTable table = loadTinyWithShape();
    JsonNode input = readJson(BlzTestSupport.kiva("loans-tiny.json"));
    assertEquals(23, input.size());
    assertEquals(loansShape, table.shape());
    assertTrue(table.snapshot().chunks("id").size() > 1, "spans several chunks");
    assertTableMatches(table, input, false);
  }

  @Test
  void pageWithInferredShape() throws IOException {
    Path page = BlzTestSupport.kiva("loans-page1.json");
    LoadOptions options = LoadOptions.defaults().withPath("loans").withChunkRows(64);
    DataShape inferred = Loader.infer(page, options);
    LoadResult result = Loader.load(db, "page", page, options, LoadProgress.NONE);
    assertTrue(result.inferred());
    assertEquals(inferred, result.shape());
    JsonNode loans = readJson(page).get("loans");
    assertEquals(loans.size(), result.rows());
    BlzTable table = BlzDatabase.open(dir.resolve("db"), false).table("page");
    assertEquals(inferred, table.shape(), "the shape survives table.json");
    assertTableMatches(table, loans, true);
  }

  @Test
  void pageWithGivenShapeFailsOnDelinquent() {
    Path page = BlzTestSupport.kiva("loans-page1.json");
    IngestException e = IngestTestSupport.assertLoadFails(db, page,
        LoadOptions.defaults().withShape(loansShape).withPath("loans"),
        page.toString(), "record 1 ", "field 'delinquent'");
    assertTrue(e.getMessage().contains("null"), e.getMessage());
  }

  /** Into an existing table the failed load changes nothing: rows, manifest, chunk files. */
  @Test
  void pageFailingIntoExistingTableChangesNothing() throws IOException {
    BlzTable table = loadTinyWithShape();
    Set<String> files = BlzTestSupport.chunkFiles(table);
    Path manifest = BlzTestSupport.manifestFile(table);
    byte[] manifestBytes = Files.readAllBytes(manifest);
    Path page = BlzTestSupport.kiva("loans-page1.json");
    IngestException e = assertThrows(IngestException.class, () -> Loader.load(db, "loans", page,
        LoadOptions.defaults().withShape(loansShape).withPath("loans"), LoadProgress.NONE));
    assertTrue(e.getMessage().contains(page.toString()) && e.getMessage().contains("record 1 ")
        && e.getMessage().contains("'delinquent'"), e.getMessage());
    assertUnchanged(table, files, manifest, manifestBytes);

    // The same with the failure further in, after full chunks of the load were written: records
    // 1..20 get delinquent=false, so record 21 (null) fails.
    JsonNode doc = readJson(page);
    ArrayNode loans = (ArrayNode) doc.get("loans");
    for (int i = 0; i < 20; i++) {
      ((ObjectNode) loans.get(i)).set("delinquent", BooleanNode.FALSE);
    }
    Path later = dir.resolve("loans-later-failure.json");
    JsonShapeAssert.MAPPER.writeValue(later.toFile(), doc);
    IngestException e2 = assertThrows(IngestException.class, () -> Loader.load(db, "loans", later,
        LoadOptions.defaults().withPath("loans"), LoadProgress.NONE));
    assertTrue(e2.getMessage().contains("record 21 ") && e2.getMessage().contains("'delinquent'"), e2.getMessage());
    assertUnchanged(table, files, manifest, manifestBytes);
    assertTableMatches(table, readJson(BlzTestSupport.kiva("loans-tiny.json")), false);
  }

  private static void assertUnchanged(BlzTable table, Set<String> files, Path manifest, byte[] manifestBytes)
      throws IOException {
    assertEquals(23, table.snapshot().rows());
    assertEquals(files, BlzTestSupport.chunkFiles(table), "no chunk file of the failed load remains");
    assertEquals(manifest, BlzTestSupport.manifestFile(table));
    assertEquals(new String(manifestBytes), Files.readString(manifest));
  }
}
