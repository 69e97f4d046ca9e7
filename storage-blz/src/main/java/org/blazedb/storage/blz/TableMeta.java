package org.blazedb.storage.blz;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.blazedb.engine.datashape.ArrayShape;
import org.blazedb.engine.datashape.RecordShape;
import org.blazedb.engine.datashape.DataShape;
import org.blazedb.engine.datashape.DataShapeParser;

/**
 * The contents of {@code table.json}: the table's DataShape, how it is chunked and its keys; fixed
 * when the table is created.
 */
public record TableMeta(DataShape shape, int chunkRows, List<TableKey> keys) {
  static final String FORMAT = "blz";
  static final int FORMAT_VERSION = 1;
  private static final JsonFactory JSON = new JsonFactory();

  public TableMeta {
    if (chunkRows < 1) {
      throw new IllegalArgumentException("rows per chunk must be at least 1, was " + chunkRows);
    }
    keys = List.copyOf(keys);
    if (keys.stream().filter(TableKey::primary).count() > 1) {
      throw new IllegalArgumentException("a table has at most one PRIMARY KEY");
    }
    List<String> fields = shape instanceof ArrayShape array && array.element() instanceof RecordShape record
        ? record.fields().stream().map(RecordShape.Field::name).toList() : List.of();
    for (TableKey key : keys) {
      for (String column : key.columns()) {
        if (!fields.contains(column)) {
          throw new IllegalArgumentException(key.describe() + ": the table has no column '" + column + "'");
        }
      }
    }
  }

  public TableMeta(DataShape shape, int chunkRows) {
    this(shape, chunkRows, List.of());
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
      if (!keys.isEmpty()) {
        g.writeArrayFieldStart("keys");
        for (TableKey key : keys) {
          g.writeStartObject();
          if (key.name() != null) {
            g.writeStringField("name", key.name());
          }
          g.writeBooleanField("primary", key.primary());
          g.writeArrayFieldStart("columns");
          for (String column : key.columns()) {
            g.writeString(column);
          }
          g.writeEndArray();
          g.writeEndObject();
        }
        g.writeEndArray();
      }
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
    List<TableKey> keys = new ArrayList<>();
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
          case "keys" -> {
            while (p.nextToken() == JsonToken.START_OBJECT) {
              keys.add(readKey(p));
            }
          }
          default -> p.skipChildren();
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new CorruptDataException("corrupt " + what + ": " + e.getMessage());
    }
    if (!FORMAT.equals(format) || version != FORMAT_VERSION || shape == null || chunkRows < 1) {
      throw new CorruptDataException("corrupt " + what + ": expected format 'blz' version "
          + FORMAT_VERSION + " with a datashape and chunkRows");
    }
    try {
      return new TableMeta(DataShapeParser.parse(shape), chunkRows, keys);
    } catch (IllegalArgumentException e) {
      throw new CorruptDataException("corrupt " + what + ": " + e.getMessage());
    }
  }

  private static TableKey readKey(JsonParser p) throws IOException {
    String name = null;
    boolean primary = false;
    List<String> columns = new ArrayList<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "name" -> name = p.getText();
        case "primary" -> primary = p.getBooleanValue();
        case "columns" -> {
          while (p.nextToken() == JsonToken.VALUE_STRING) {
            columns.add(p.getText());
          }
        }
        default -> p.skipChildren();
      }
    }
    return new TableKey(name, primary, columns);
  }
}
