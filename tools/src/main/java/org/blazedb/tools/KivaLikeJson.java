package org.blazedb.tools;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a large JSON array of Kiva-like loans: the bundled real records, replayed with new ids,
 * amounts and names, so the structure (nesting, optional fields, arrays) is the real one.
 */
final class KivaLikeJson {
  private static final JsonFactory JSON = new JsonFactory();
  private static final String[] NAMES = {"Anarkul", "Maria", "Juan", "Amina", "Grace", "Nguyen", "Fatima",
      "Samuel", "Rosa", "Esther", "Ali", "Blessing"};

  private KivaLikeJson() {}

  /** Writes records until the file reaches {@code targetBytes}; returns the number written. */
  static long write(Path file, long targetBytes) throws IOException {
    List<byte[]> templates = templates();
    long count = 0;
    try (OutputStream raw = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
         JsonGenerator out = JSON.createGenerator(raw)) {
      out.writeStartArray();
      while (out.getOutputBuffered() + Files.size(file) < targetBytes || count == 0) {
        vary(templates.get((int) (count % templates.size())), count, out);
        count++;
        if (count % 1024 == 0) {
          out.flush();
        }
      }
      out.writeEndArray();
    }
    return count;
  }

  /** Copies one record, giving it id n and amounts and a name derived from n. */
  private static void vary(byte[] template, long n, JsonGenerator out) throws IOException {
    long h = StorageBenchmark.mix(n);
    double amount = 25 * (1 + (h & 255));
    try (JsonParser p = JSON.createParser(template)) {
      p.nextToken();
      out.writeStartObject();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        out.writeFieldName(field);
        switch (field) {
          case "id" -> out.writeNumber(n);
          case "funded_amount", "loan_amount" -> out.writeNumber(amount);
          case "name" -> out.writeString(NAMES[(int) ((h >>> 8) % NAMES.length)] + "'s Group " + (h >>> 48));
          default -> out.copyCurrentStructure(p);
        }
      }
      out.writeEndObject();
    }
  }

  private static List<byte[]> templates() throws IOException {
    List<byte[]> records = new ArrayList<>();
    try (InputStream in = KivaLikeJson.class.getResourceAsStream("/org/blazedb/tools/demo/loans-tiny.json");
         JsonParser p = JSON.createParser(in)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.START_OBJECT) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
          g.copyCurrentStructure(p);
        }
        records.add(bytes.toByteArray());
      }
    }
    return records;
  }
}
