package org.blazedb.storage.blz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.blazedb.engine.datashape.DataShape;
import org.blazedb.engine.datashape.DataShapeParser;
import org.blazedb.storage.ingest.LoadOptions;
import org.blazedb.storage.ingest.LoadProgress;
import org.blazedb.storage.ingest.LoadResult;
import org.blazedb.storage.ingest.Loader;

/** Helpers shared by the storage and ingest tests: loading, reading back, files on disk. */
public final class BlzTestSupport {
  private BlzTestSupport() {}

  public static Path write(Path dir, String name, String content) {
    try {
      return Files.writeString(dir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads {@code json} (written to {@code dir/<table>.json}) into a new table with the given shape. */
  public static BlzTable loadJson(BlzDatabase db, Path dir, String table, String shape, int chunkRows, String json) {
    Path file = write(dir, table + ".json", json);
    LoadResult result = Loader.load(db, table, file,
        LoadOptions.defaults().withShape(DataShapeParser.parse(shape)).withChunkRows(chunkRows), LoadProgress.NONE);
    assertTrue(result.createdTable());
    return db.table(table);
  }

  public static DataShape shape(String text) {
    return DataShapeParser.parse(text);
  }

  /** Every row, read sequentially with one reader. */
  public static List<Map<String, Object>> readAll(BlzTable table) {
    TableSnapshot snapshot = table.snapshot();
    List<Map<String, Object>> rows = new ArrayList<>();
    try (var reader = snapshot.rowReader()) {
      while (reader.hasNext()) {
        rows.add(reader.next());
      }
    }
    assertEquals(snapshot.rows(), rows.size(), "rows read vs rows in the manifest");
    return rows;
  }

  /**
   * Reads every row by number, in a shuffled order through one reader (so it seeks back and forth
   * across chunks), and compares each with {@code expected}; values pass through {@link #comparable}.
   */
  public static void assertRandomAccess(BlzTable table, List<Map<String, Object>> expected, long seed) {
    TableSnapshot snapshot = table.snapshot();
    assertEquals(expected.size(), snapshot.rows());
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < expected.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    try (var reader = snapshot.rowReader()) {
      for (int row : order) {
        assertEquals(comparable(expected.get(row)), comparable(reader.read(row)), "row " + row + " read at random");
      }
      // read(row) also leaves the reader positioned to go on sequentially from there
      if (expected.size() > 2) {
        int from = expected.size() / 2;
        reader.read(from);
        for (int row = from + 1; row < expected.size(); row++) {
          assertTrue(reader.hasNext());
          assertEquals(comparable(expected.get(row)), comparable(reader.next()), "row " + row + " after a seek");
        }
      }
    }
    // and a fresh reader whose first access is the last row (a later chunk)
    try (var reader = snapshot.rowReader()) {
      int last = expected.size() - 1;
      assertEquals(comparable(expected.get(last)), comparable(reader.read(last)), "last row, fresh reader");
    }
  }

  /** Sequential and random reads both give {@code expected}. */
  public static void assertRows(BlzTable table, List<Map<String, Object>> expected) {
    List<Map<String, Object>> actual = readAll(table);
    assertEquals(expected.size(), actual.size(), "row count");
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(comparable(expected.get(i)), comparable(actual.get(i)), "row " + i);
    }
    assertRandomAccess(table, expected, 42);
  }

  /** Turns byte arrays (which compare by identity) into hex strings, deeply. */
  public static Object comparable(Object value) {
    return switch (value) {
      case byte[] b -> "bytes:" + HexFormat.of().formatHex(b);
      case Map<?, ?> m -> {
        Map<Object, Object> copy = new LinkedHashMap<>();
        m.forEach((k, v) -> copy.put(k, comparable(v)));
        yield copy;
      }
      case List<?> l -> l.stream().map(BlzTestSupport::comparable).toList();
      case null -> null;
      default -> value;
    };
  }

  /** A row map in the given key order; values may be null (unlike Map.of). */
  public static Map<String, Object> row(Object... keysAndValues) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      row.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return row;
  }

  /** A list that may hold nulls. */
  public static List<Object> list(Object... values) {
    return new ArrayList<>(java.util.Arrays.asList(values));
  }

  /** The chunk files under the table's {@code cols/} folder, as "column-folder/file". */
  public static Set<String> chunkFiles(BlzTable table) {
    Path cols = table.dir().resolve(TableFiles.COLUMNS_DIR);
    Set<String> files = new TreeSet<>();
    if (!Files.isDirectory(cols)) {
      return files;
    }
    try (Stream<Path> walk = Files.walk(cols)) {
      walk.filter(Files::isRegularFile)
          .forEach(f -> files.add(cols.relativize(f).toString().replace('\\', '/')));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** The chunk files the newest manifest references. */
  public static Set<String> referencedChunkFiles(BlzTable table) {
    TableSnapshot snapshot = table.snapshot();
    Set<String> files = new TreeSet<>();
    for (PhysicalColumn column : table.layout().columns()) {
      for (ChunkMeta chunk : snapshot.chunks(column.path())) {
        files.add(column.folderName() + "/" + chunk.file());
      }
    }
    return files;
  }

  /** The file of chunk {@code index} of the column at {@code path}. */
  public static Path chunkFile(BlzTable table, String path, int index) {
    TableSnapshot snapshot = table.snapshot();
    PhysicalColumn column = table.layout().column(path);
    if (column == null) {
      fail("no column " + path);
    }
    return snapshot.chunkFile(column, snapshot.chunks(path).get(index));
  }

  /** The newest committed manifest file. */
  public static Path manifestFile(BlzTable table) {
    List<Long> versions = TableFiles.manifestVersions(table.dir());
    return table.dir().resolve(TableFiles.manifestName(versions.getLast()));
  }

  /** Names in the database directory (tables, staging leftovers, anything). */
  public static List<String> entries(Path dir) {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The shared data folder beside the repository (tests run in the module folder), or the
   * {@code blaze.shared} system property. Fails, not skips, when it cannot be found.
   */
  public static Path sharedDir() {
    Path path = Path.of("").toAbsolutePath().getParent().getParent().resolve("shared");
    String property = System.getProperty("blaze.shared");
    if (!Files.isDirectory(path) && property != null) {
      path = Path.of(property);
    }
    if (!Files.isDirectory(path.resolve("data/kiva"))) {
      fail("shared data not found at " + path + " (expected data/kiva inside); set -Dblaze.shared=<dir>");
    }
    return path;
  }

  public static Path kiva(String file) {
    Path path = sharedDir().resolve("data/kiva").resolve(file);
    assertTrue(Files.isRegularFile(path), "missing " + path);
    return path;
  }
}
