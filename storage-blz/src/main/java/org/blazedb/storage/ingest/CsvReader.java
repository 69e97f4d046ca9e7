package org.blazedb.storage.ingest;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 reader: fields separated by the delimiter, optionally quoted, quotes doubled
 * inside quotes, line breaks (LF or CRLF) inside quoted fields kept. An unquoted field equal to the
 * null string is returned as null.
 */
final class CsvReader implements AutoCloseable {
  private final Reader in;
  private final CsvOptions options;
  private final char[] buffer = new char[1 << 16];
  private int length;
  private int pos;
  private long line = 1;
  private long recordLine;
  private boolean started;
  private final StringBuilder field = new StringBuilder();

  CsvReader(Reader in, CsvOptions options) {
    this.in = in;
    this.options = options;
  }

  /** The next record's fields, or null at the end of the input. */
  List<String> next() throws IOException {
    int c;
    while ((c = peek()) == '\n' || c == '\r') { // blank lines hold no record
      read();
    }
    if (c < 0) {
      return null;
    }
    recordLine = line;
    List<String> fields = new ArrayList<>();
    while (true) {
      fields.add(readField());
      c = read();
      if (c == options.delimiter()) {
        continue;
      }
      if (c == '\r' && peek() == '\n') {
        read();
      }
      return fields; // end of line or of input
    }
  }

  /** The line on which the record last returned by {@link #next()} starts. */
  long recordLine() {
    return recordLine;
  }

  private String readField() throws IOException {
    field.setLength(0);
    int c = peek();
    if (c == options.quote()) {
      read();
      long start = line;
      while (true) {
        c = read();
        if (c < 0) {
          throw new IngestException("unterminated quoted field starting on line " + start);
        }
        if (c == options.quote()) {
          if (peek() == options.quote()) {
            read();
            field.append(options.quote());
          } else {
            break;
          }
        } else {
          field.append((char) c);
        }
      }
      c = peek();
      if (c >= 0 && c != options.delimiter() && c != '\n' && c != '\r') {
        throw new IngestException("line " + line + ": text after the closing quote of a field");
      }
      return field.toString();
    }
    while ((c = peek()) >= 0 && c != options.delimiter() && c != '\n' && c != '\r') {
      field.append((char) read());
    }
    String text = field.toString();
    return text.equals(options.nullString()) ? null : text;
  }

  private int peek() throws IOException {
    while (pos == length) {
      int n = in.read(buffer);
      if (n <= 0) {
        pos = length = 0;
        return -1;
      }
      length = n;
      pos = !started && buffer[0] == '\uFEFF' ? 1 : 0; // a byte-order mark is not part of the first name
      started = true;
    }
    return buffer[pos];
  }

  private int read() throws IOException {
    int c = peek();
    if (c >= 0) {
      pos++;
      if (c == '\n') {
        line++;
      }
    }
    return c;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
