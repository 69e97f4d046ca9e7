package org.blazedb.storage.blz;

import static org.blazedb.storage.blz.BlzTestSupport.loadJson;
import static org.blazedb.storage.blz.BlzTestSupport.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged chunk files and manifests are reported as such, naming what is damaged; never read as data. */
class CorruptionTest {
  private static final int ROWS = 12;
  private static final int CHUNK_ROWS = 3;

  @TempDir Path dir;
  private BlzTable table;

  @BeforeEach
  void load() {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < ROWS; i++) {
      json.append(i == 0 ? "" : ",").append("{\"id\": ").append(i).append(", \"v\": ").append(i * 1_000_003L)
          .append(", \"s\": \"text ").append(i).append("\"}");
    }
    table = loadJson(BlzDatabase.open(dir.resolve("db"), true), dir, "sample",
        "var * {id: int64, v: int64, s: ?string}", CHUNK_ROWS, json.append("]").toString());
  }

  private static Map<String, Object> expected(int i) {
    return row("id", (long) i, "v", i * 1_000_003L, "s", "text " + i);
  }

  private static void flipByte(Path file, int at) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[at] ^= 0x01;
    Files.write(file, bytes);
  }

  /** Reads sequentially until the failure; rows delivered before it must be right. */
  private CorruptDataException readUntilFailure(int expectedGoodRows) {
    List<Map<String, Object>> good = new ArrayList<>();
    CorruptDataException e;
    try (var reader = table.snapshot().rowReader()) {
      e = assertThrows(CorruptDataException.class, () -> {
        while (reader.hasNext()) {
          good.add(reader.next());
        }
      });
    }
    assertEquals(expectedGoodRows, good.size(), "rows before the damaged chunk");
    for (int i = 0; i < good.size(); i++) {
      assertEquals(expected(i), good.get(i));
    }
    return e;
  }

  private void assertNamesChunk(CorruptDataException e, String column, int index, Path file) {
    String m = e.getMessage();
    assertTrue(m.contains("table 'sample'"), m);
    assertTrue(m.contains("column '" + column + "'"), m);
    assertTrue(m.contains("chunk " + index + " "), m);
    assertTrue(m.contains(file.toString()), m);
  }

  @Test
  void flippedByteInChunk() throws IOException {
    Path file = BlzTestSupport.chunkFile(table, "v", 2);
    flipByte(file, (int) Files.size(file) - 3);
    CorruptDataException e = readUntilFailure(2 * CHUNK_ROWS);
    assertNamesChunk(e, "v", 2, file);
    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    // random access into the damaged chunk fails the same way; other chunks still read
    try (var reader = table.snapshot().rowReader()) {
      assertThrows(CorruptDataException.class, () -> reader.read(7));
    }
    try (var reader = table.snapshot().rowReader()) {
      assertEquals(expected(10), reader.read(10));
    }
  }

  /** Any single flipped bit anywhere in a chunk is caught before it can become a value. */
  @Test
  void everyFlippedBitIsCaught() throws IOException {
    Path file = BlzTestSupport.chunkFile(table, "s", 1);
    byte[] original = Files.readAllBytes(file);
    for (int at = 0; at < original.length; at++) {
      for (int bit = 0; bit < 8; bit += 3) {
        byte[] damaged = original.clone();
        damaged[at] ^= (byte) (1 << bit);
        Files.write(file, damaged);
        try (var reader = table.snapshot().rowReader(List.of("s"))) {
          CorruptDataException e = assertThrows(CorruptDataException.class, () -> reader.read(4),
              "byte " + at + " bit " + bit);
          assertNamesChunk(e, "s", 1, file);
        }
      }
    }
    Files.write(file, original);
    BlzTestSupport.assertRows(table, java.util.stream.IntStream.range(0, ROWS).mapToObj(CorruptionTest::expected).toList());
  }

  @Test
  void truncatedChunk() throws IOException {
    Path file = BlzTestSupport.chunkFile(table, "id", 1);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 5));
    CorruptDataException e = readUntilFailure(CHUNK_ROWS);
    assertNamesChunk(e, "id", 1, file);
    assertTrue(e.getMessage().contains("bytes"), e.getMessage());
  }

  @Test
  void emptiedAndMissingChunk() throws IOException {
    Path emptied = BlzTestSupport.chunkFile(table, "s", 3);
    Files.write(emptied, new byte[0]);
    assertNamesChunk(readUntilFailure(3 * CHUNK_ROWS), "s", 3, emptied);
    Path missing = BlzTestSupport.chunkFile(table, "v", 0);
    Files.delete(missing);
    CorruptDataException e = readUntilFailure(0);
    assertNamesChunk(e, "v", 0, missing);
    assertTrue(e.getMessage().contains("missing"), e.getMessage());
  }

  /** A chunk swapped for another valid chunk of the same column is caught by the checksum too. */
  @Test
  void chunkReplacedByAnotherChunk() throws IOException {
    Path second = BlzTestSupport.chunkFile(table, "v", 1);
    Files.copy(BlzTestSupport.chunkFile(table, "v", 2), second, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertNamesChunk(readUntilFailure(CHUNK_ROWS), "v", 1, second);
  }

  @Test
  void damagedManifestBody() throws IOException {
    Path manifest = BlzTestSupport.manifestFile(table);
    String text = Files.readString(manifest);
    // a plausible edit: one more row than there is
    String damaged = text.replaceFirst("\"rows\" : 12", "\"rows\" : 13");
    assertNotEquals(text, damaged, "the manifest should state the row count: " + text);
    Files.writeString(manifest, damaged);
    assertManifestCorrupt(manifest, "checksum");
  }

  @Test
  void damagedManifestHeaderAndTruncatedManifest() throws IOException {
    Path manifest = BlzTestSupport.manifestFile(table);
    byte[] bytes = Files.readAllBytes(manifest);
    bytes[0] = 'X';
    Files.write(manifest, bytes);
    assertManifestCorrupt(manifest, "header");

    bytes[0] = 'B';
    Files.write(manifest, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertManifestCorrupt(manifest, "checksum");

    Files.write(manifest, new byte[0]);
    assertManifestCorrupt(manifest, "header");
  }

  @Test
  void manifestWithValidChecksumButBrokenJson() throws IOException {
    Path manifest = BlzTestSupport.manifestFile(table);
    byte[] body = "{\"version\": 1, \"rows\": ".getBytes(StandardCharsets.UTF_8);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(body);
    Files.writeString(manifest, String.format("BLZ-MANIFEST %08x\n", (int) crc.getValue())
        + new String(body, StandardCharsets.UTF_8));
    assertManifestCorrupt(manifest, "");
  }

  private void assertManifestCorrupt(Path manifest, String problem) {
    BlzTable reopened = BlzDatabase.open(dir.resolve("db"), false).table("sample");
    CorruptDataException e = assertThrows(CorruptDataException.class, reopened::snapshot);
    assertTrue(e.getMessage().contains(manifest.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("manifest"), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
    // nor may a writer start from it (it would rewrite the table from a wrong state)
    assertThrows(CorruptDataException.class, reopened::appender);
  }

  @Test
  void damagedTableDescription() throws IOException {
    Path json = table.dir().resolve(TableFiles.TABLE_JSON);
    Files.writeString(json, Files.readString(json).replace("var *", "var * *"));
    BlzDatabase db = BlzDatabase.open(dir.resolve("db"), false);
    CorruptDataException e = assertThrows(CorruptDataException.class, () -> db.table("sample"));
    assertTrue(e.getMessage().contains(json.toString()), e.getMessage());
  }
}
