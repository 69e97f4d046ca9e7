package org.blazedb.storage.blz;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads and writes manifests: a first line {@code BLZ-MANIFEST <crc32c>} guarding the JSON body
 * that follows, so a damaged manifest is detected instead of read as a smaller table.
 */
final class ManifestCodec {
  private static final JsonFactory JSON = new JsonFactory();
  private static final String MAGIC = "BLZ-MANIFEST ";

  private ManifestCodec() {}

  static byte[] write(Manifest manifest) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(body)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("version", manifest.version());
      g.writeNumberField("rows", manifest.rows());
      g.writeNumberField("nextChunk", manifest.nextChunk());
      g.writeObjectFieldStart("columns");
      for (Map.Entry<String, List<ChunkMeta>> column : manifest.columns().entrySet()) {
        g.writeArrayFieldStart(column.getKey());
        for (ChunkMeta c : column.getValue()) {
          writeChunk(g, c);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
      if (!manifest.retired().isEmpty()) {
        g.writeObjectFieldStart("retired");
        for (Map.Entry<String, Long> file : new java.util.TreeMap<>(manifest.retired()).entrySet()) {
          g.writeNumberField(file.getKey(), file.getValue());
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("in-memory JSON failed", e);
    }
    byte[] json = body.toByteArray();
    CRC32C crc = new CRC32C();
    crc.update(json);
    byte[] head = String.format("%s%08x\n", MAGIC, (int) crc.getValue()).getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[head.length + json.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(json, 0, all, head.length, json.length);
    return all;
  }

  private static void writeChunk(JsonGenerator g, ChunkMeta c) throws IOException {
    g.writeStartObject();
    g.writeStringField("file", c.file());
    g.writeNumberField("rows", c.rows());
    g.writeNumberField("bytes", c.fileBytes());
    g.writeNumberField("raw", c.rawBytes());
    g.writeStringField("crc32c", String.format("%08x", c.crc32c()));
    g.writeNumberField("nulls", c.nullCount());
    writeStat(g, "min", c.min());
    writeStat(g, "max", c.max());
    if (c.elements() != 0) {
      g.writeNumberField("elements", c.elements());
    }
    g.writeEndObject();
  }

  private static void writeStat(JsonGenerator g, String name, Object value) throws IOException {
    switch (value) {
      case null -> {}
      case Long l -> g.writeNumberField(name, l);
      case Double d -> g.writeNumberField(name, d);
      case String s -> g.writeStringField(name, s);
      default -> throw new IllegalArgumentException("unsupported statistic " + value.getClass());
    }
  }

  /** Parses a manifest; {@code what} names it in errors. */
  static Manifest read(byte[] bytes, String what) {
    int newline = indexOf(bytes, (byte) '\n');
    String head = newline < 0 ? "" : new String(bytes, 0, newline, StandardCharsets.US_ASCII);
    if (!head.startsWith(MAGIC) || head.length() != MAGIC.length() + 8) {
      throw new CorruptDataException("corrupt manifest " + what + ": missing BLZ-MANIFEST header");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, newline + 1, bytes.length - newline - 1);
    int stored = Integer.parseUnsignedInt(head.substring(MAGIC.length()), 16);
    if (stored != (int) crc.getValue()) {
      throw new CorruptDataException(String.format(
          "corrupt manifest %s: checksum mismatch (stored %08x, computed %08x)", what, stored, (int) crc.getValue()));
    }
    try (JsonParser p = JSON.createParser(bytes, newline + 1, bytes.length - newline - 1)) {
      return parse(p);
    } catch (IOException | RuntimeException e) {
      throw new CorruptDataException("corrupt manifest " + what + ": " + e.getMessage());
    }
  }

  private static Manifest parse(JsonParser p) throws IOException {
    expect(p.nextToken(), JsonToken.START_OBJECT);
    long version = -1;
    long rows = -1;
    long nextChunk = -1;
    Map<String, List<ChunkMeta>> columns = new LinkedHashMap<>();
    Map<String, Long> retired = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "version" -> version = p.getLongValue();
        case "rows" -> rows = p.getLongValue();
        case "nextChunk" -> nextChunk = p.getLongValue();
        case "columns" -> {
          expect(p.currentToken(), JsonToken.START_OBJECT);
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String path = p.currentName();
            expect(p.nextToken(), JsonToken.START_ARRAY);
            List<ChunkMeta> chunks = new ArrayList<>();
            while (p.nextToken() == JsonToken.START_OBJECT) {
              chunks.add(parseChunk(p));
            }
            columns.put(path, chunks);
          }
        }
        case "retired" -> {
          expect(p.currentToken(), JsonToken.START_OBJECT);
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String file = p.currentName();
            expect(p.nextToken(), JsonToken.VALUE_NUMBER_INT);
            retired.put(file, p.getLongValue());
          }
        }
        default -> p.skipChildren();
      }
    }
    if (version < 0 || rows < 0 || nextChunk < 0) {
      throw new IOException("version, rows or nextChunk missing");
    }
    return new Manifest(version, rows, nextChunk, columns, retired);
  }

  private static ChunkMeta parseChunk(JsonParser p) throws IOException {
    String file = null;
    int rows = -1;
    long bytes = -1;
    long raw = 0;
    int crc = 0;
    int nulls = 0;
    Object min = null;
    Object max = null;
    long elements = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "file" -> file = p.getText();
        case "rows" -> rows = p.getIntValue();
        case "bytes" -> bytes = p.getLongValue();
        case "raw" -> raw = p.getLongValue();
        case "crc32c" -> crc = Integer.parseUnsignedInt(p.getText(), 16);
        case "nulls" -> nulls = p.getIntValue();
        case "min" -> min = stat(p, value);
        case "max" -> max = stat(p, value);
        case "elements" -> elements = p.getLongValue();
        default -> p.skipChildren();
      }
    }
    if (file == null || rows < 0 || bytes < 0) {
      throw new IOException("chunk entry without file, rows or bytes");
    }
    return new ChunkMeta(file, rows, bytes, raw, crc, nulls, min, max, elements);
  }

  private static Object stat(JsonParser p, JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_NUMBER_INT -> p.getLongValue();
      case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case VALUE_STRING -> p.getText();
      default -> null;
    };
  }

  private static void expect(JsonToken actual, JsonToken expected) throws IOException {
    if (actual != expected) {
      throw new IOException("expected " + expected + " but found " + actual);
    }
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
