package org.blazedb.storage.blz;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.blazedb.engine.datashape.DataShape;
import org.blazedb.engine.datashape.DataShapeParser;

/**
 * The contents of {@code table.json}: the table's DataShape and how it is chunked; fixed when the
 * table is created.
 */
public record TableMeta(DataShape shape, int chunkRows) {
  static final String FORMAT = "blz";
  static final int FORMAT_VERSION = 1;
  private static final JsonFactory JSON = new JsonFactory();

  public TableMeta {
    if (chunkRows < 1) {
      throw new IllegalArgumentException("rows per chunk must be at least 1, was " + chunkRows);
    }
  }

  byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("format", FORMAT);
      g.writeNumberField("formatVersion", FORMAT_VERSION);
      g.writeStringField("datashape", shape.toString());
      g.writeNumberField("chunkRows", chunkRows);
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("in-memory JSON failed", e);
    }
    return out.toByteArray();
  }

  static TableMeta fromJson(byte[] bytes, String what) {
    String format = null;
    int version = -1;
    String shape = null;
    int chunkRows = -1;
    try (JsonParser p = JSON.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "format" -> format = p.getText();
          case "formatVersion" -> version = p.getIntValue();
          case "datashape" -> shape = p.getText();
          case "chunkRows" -> chunkRows = p.getIntValue();
          default -> p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new CorruptDataException("corrupt " + what + ": " + e.getMessage());
    }
    if (!FORMAT.equals(format) || version != FORMAT_VERSION || shape == null || chunkRows < 1) {
      throw new CorruptDataException("corrupt " + what + ": expected format 'blz' version "
          + FORMAT_VERSION + " with a datashape and chunkRows");
    }
    try {
      return new TableMeta(DataShapeParser.parse(shape), chunkRows);
    } catch (IllegalArgumentException e) {
      throw new CorruptDataException("corrupt " + what + ": " + e.getMessage());
    }
  }
}
