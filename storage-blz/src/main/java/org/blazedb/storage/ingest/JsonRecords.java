package org.blazedb.storage.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Positions a streaming JSON parser on each record of a file in turn: the elements of a top-level
 * array, of an array at a dotted path inside the top-level object, or each top-level value.
 */
final class JsonRecords implements AutoCloseable {
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

  private final Path file;
  private final CountingInputStream in;
  private final JsonParser parser;
  /** Whether records are elements of an array (else: top-level values). */
  private boolean inArray;
  /** Whether the current token already starts the first record. */
  private boolean pushBack;
  private long records;

  JsonRecords(Path file, Format format, String path) throws IOException {
    this.file = file;
    this.in = new CountingInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
    this.parser = FACTORY.createParser(in);
    JsonToken first = parser.nextToken();
    if (first == null) {
      return;
    }
    if (path != null && !path.isEmpty()) {
      descend(path);
      inArray = true;
    } else if (format == Format.JSON && first == JsonToken.START_ARRAY) {
      inArray = true;
    } else {
      pushBack = true;
    }
  }

  /** Moves to the next record; false at the end. The parser's current token starts the record. */
  boolean next() throws IOException {
    JsonToken t;
    if (pushBack) {
      pushBack = false;
      t = parser.currentToken();
    } else {
      t = parser.nextToken();
    }
    if (inArray && t == JsonToken.END_ARRAY) {
      inArray = false;
      return false;
    }
    if (t == null) {
      return false;
    }
    records++;
    return true;
  }

  JsonParser parser() {
    return parser;
  }

  /** The 1-based number of the current record. */
  long recordNumber() {
    return records;
  }

  long bytesRead() {
    return in.count();
  }

  /** "line L, column C" of the parser's position. */
  String location() {
    var loc = parser.currentLocation();
    return "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  private void descend(String path) throws IOException {
    for (String name : path.split("\\.")) {
      if (parser.currentToken() != JsonToken.START_OBJECT) {
        throw new IngestException(file + ": expected an object containing '" + name + "' on the path '"
            + path + "', found " + parser.currentToken() + " at " + location());
      }
      boolean found = false;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        if (field.equals(name)) {
          found = true;
          break;
        }
        parser.skipChildren();
      }
      if (!found) {
        throw new IngestException(file + ": no field '" + name + "' on the path '" + path + "'");
      }
    }
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw new IngestException(file + ": '" + path + "' is not an array of records (found "
          + parser.currentToken() + " at " + location() + ")");
    }
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }
}
