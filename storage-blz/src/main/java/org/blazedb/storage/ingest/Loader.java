package org.blazedb.storage.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.blazedb.engine.datashape.ArrayShape;
import org.blazedb.engine.datashape.DataShape;
import org.blazedb.engine.datashape.RecordShape;
import org.blazedb.storage.blz.BlzDatabase;
import org.blazedb.storage.blz.BlzException;
import org.blazedb.storage.blz.BlzTable;
import org.blazedb.storage.blz.TableAppender;

/**
 * Loads a JSON, JSON Lines or CSV file into a table, creating it (with the given or an inferred
 * DataShape) if needed. A load commits once, at the end: on any error nothing of it is visible,
 * and a table it was creating does not exist.
 */
public final class Loader {
  private static final int PROGRESS_EVERY = 4096;

  private Loader() {}

  public static LoadResult load(BlzDatabase db, String table, Path file, LoadOptions options, LoadProgress progress) {
    Format format = options.format() != null ? options.format() : Format.guess(file);
    checkReadable(file);
    if (db.exists(table)) {
      BlzTable existing = db.table(table);
      if (options.shape() != null && !options.shape().equals(existing.shape())) {
        throw new IngestException("table '" + table + "' has the DataShape " + existing.shape()
            + "; the given one differs: " + options.shape());
      }
      long rows = loadInto(existing, file, format, options, progress);
      return new LoadResult(rows, existing.shape(), false, false);
    }
    boolean inferred = options.shape() == null;
    DataShape shape = inferred ? infer(file, options) : options.shape();
    try (BlzDatabase.StagedTable staged = db.stage(table, shape, options.chunkRows())) {
      long rows = loadInto(staged.table(), file, format, options, progress);
      staged.publish();
      return new LoadResult(rows, shape, inferred, true);
    }
  }

  /** The DataShape of a table holding the file's records, {@code var * {...}}. */
  public static DataShape infer(Path file, LoadOptions options) {
    Format format = options.format() != null ? options.format() : Format.guess(file);
    checkReadable(file);
    return switch (format) {
      case CSV -> inferCsv(file, options.csv());
      case JSON, JSONL -> inferJson(file, format, options.path());
    };
  }

  private static long loadInto(BlzTable table, Path file, Format format, LoadOptions options, LoadProgress progress) {
    try (TableAppender appender = table.appender()) {
      RecordWriter writer = new RecordWriter(appender);
      if (format == Format.CSV) {
        loadCsv(file, options.csv(), writer, appender, progress);
      } else {
        loadJson(file, format, options.path(), writer, appender, progress);
      }
      long rows = appender.pendingRows();
      appender.commit();
      return rows;
    }
  }

  private static void loadJson(Path file, Format format, String path, RecordWriter writer,
      TableAppender appender, LoadProgress progress) {
    JsonRecords records = null;
    try (JsonRecords r = new JsonRecords(file, format, path)) {
      records = r;
      while (r.next()) {
        writer.writeJson(r.parser());
        if (r.recordNumber() % PROGRESS_EVERY == 0) {
          progress.update(r.bytesRead(), appender.pendingRows());
        }
      }
      progress.update(r.bytesRead(), appender.pendingRows());
    } catch (ValueException e) {
      throw new IngestException(file + ": record " + records.recordNumber() + " (" + records.location() + ")"
          + (e.field().isEmpty() ? "" : ", field '" + e.field() + "'") + ": " + e.getMessage());
    } catch (JsonProcessingException e) {
      throw new IngestException(file + ": malformed JSON: " + e.getOriginalMessage() + " at " + location(e));
    } catch (IOException e) {
      throw new IngestException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static DataShape inferJson(Path file, Format format, String path) {
    InferredType records = new InferredType();
    long count = 0;
    try (JsonRecords r = new JsonRecords(file, format, path)) {
      while (r.next()) {
        if (r.parser().currentToken() != JsonToken.START_OBJECT) {
          throw new IngestException(file + ": record " + r.recordNumber() + " (" + r.location()
              + ") is not a JSON object" + (path == null ? " (give the path of the records array?)" : ""));
        }
        visit(r.parser(), records);
        count++;
      }
    } catch (JsonProcessingException e) {
      throw new IngestException(file + ": malformed JSON: " + e.getOriginalMessage() + " at " + location(e));
    } catch (IOException e) {
      throw new IngestException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (count == 0) {
      throw new IngestException(file + ": no records to infer a DataShape from");
    }
    return tableShape(records.recordShape(), file);
  }

  private static void visit(JsonParser p, InferredType type) throws IOException {
    switch (p.currentToken()) {
      case VALUE_NULL -> type.sawNull();
      case VALUE_TRUE, VALUE_FALSE -> type.sawBool();
      case VALUE_NUMBER_INT -> {
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          type.sawFloat(); // beyond int64
        } else {
          type.sawInteger();
        }
      }
      case VALUE_NUMBER_FLOAT -> type.sawFloat();
      case VALUE_STRING -> type.sawString();
      case START_OBJECT -> {
        type.sawObject();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          InferredType field = type.field(p.currentName());
          p.nextToken();
          visit(p, field);
        }
      }
      case START_ARRAY -> {
        InferredType element = type.element();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          visit(p, element);
        }
      }
      default -> throw new IOException("unexpected " + p.currentToken());
    }
  }

  private static void loadCsv(Path file, CsvOptions csv, RecordWriter writer, TableAppender appender,
      LoadProgress progress) {
    List<LeafWriter> leaves;
    try {
      leaves = writer.topLevelLeaves();
    } catch (IllegalArgumentException e) {
      throw new IngestException(file + ": " + e.getMessage());
    }
    CountingInputStream counted = null;
    try (CountingInputStream in = new CountingInputStream(Files.newInputStream(file));
         CsvReader reader = new CsvReader(new InputStreamReader(in, StandardCharsets.UTF_8), csv)) {
      counted = in;
      int[] columnOf = csvColumns(file, reader, csv, leaves, appender.table().layout().root().names());
      List<String> fields;
      while ((fields = reader.next()) != null) {
        writeCsvRow(file, reader.recordLine(), fields, columnOf, leaves);
        writer.endRow();
        if (appender.pendingRows() % PROGRESS_EVERY == 0) {
          progress.update(counted.count(), appender.pendingRows());
        }
      }
      progress.update(counted.count(), appender.pendingRows());
    } catch (IngestException e) {
      throw e.getMessage().startsWith(file.toString()) ? e : new IngestException(file + ": " + e.getMessage());
    } catch (IOException e) {
      throw new IngestException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * For each top-level field, the CSV column holding it (-1: absent, stored as missing). Header
   * cells match field names, not column paths: a path quotes names such as {@code "Loan Amount"}.
   */
  private static int[] csvColumns(Path file, CsvReader reader, CsvOptions csv, List<LeafWriter> leaves,
      List<String> names) throws IOException {
    int[] columnOf = new int[leaves.size()];
    if (!csv.header()) {
      for (int i = 0; i < columnOf.length; i++) {
        columnOf[i] = i;
      }
      return columnOf;
    }
    List<String> header = reader.next();
    if (header == null) {
      throw new IngestException(file + ": empty file, expected a header line");
    }
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      position.put(header.get(i) == null ? "" : header.get(i).strip(), i);
    }
    for (int i = 0; i < leaves.size(); i++) {
      String name = names.get(i);
      Integer at = position.get(name);
      if (at == null && !leaves.get(i).out().column().nullable()) {
        throw new IngestException(file + ": the header has no column '" + name + "', which the DataShape requires");
      }
      columnOf[i] = at == null ? -1 : at;
    }
    return columnOf;
  }

  private static void writeCsvRow(Path file, long line, List<String> fields, int[] columnOf, List<LeafWriter> leaves) {
    for (int i = 0; i < leaves.size(); i++) {
      LeafWriter leaf = leaves.get(i);
      int column = columnOf[i];
      if (column >= fields.size()) {
        throw new IngestException(file + ": line " + line + " has " + fields.size() + " fields, expected at least "
            + (column + 1));
      }
      String value = column < 0 ? null : fields.get(column);
      try {
        if (value == null) {
          if (!leaf.out().column().nullable()) {
            throw new ValueException(leaf.out().column().path(), "missing value, and the DataShape says "
                + leaf.out().column().node().shape() + ", not ?" + leaf.out().column().node().shape());
          }
          leaf.out().appendNull();
        } else {
          leaf.text(value);
        }
      } catch (ValueException e) {
        throw new IngestException(file + ": line " + line + ", field '" + e.field() + "': " + e.getMessage());
      }
    }
  }

  private static DataShape inferCsv(Path file, CsvOptions csv) {
    try (CsvReader reader = new CsvReader(Files.newBufferedReader(file, StandardCharsets.UTF_8), csv)) {
      List<String> first = reader.next();
      if (first == null) {
        throw new IngestException(file + ": empty file");
      }
      List<String> names = new ArrayList<>();
      List<CsvColumnType> types = new ArrayList<>();
      for (int i = 0; i < first.size(); i++) {
        names.add(csv.header() && first.get(i) != null && !first.get(i).isBlank() ? first.get(i).strip() : "column" + (i + 1));
        types.add(new CsvColumnType());
      }
      List<String> fields = csv.header() ? reader.next() : first;
      while (fields != null) {
        if (fields.size() != names.size()) {
          throw new IngestException(file + ": line " + reader.recordLine() + " has " + fields.size()
              + " fields, the first line has " + names.size());
        }
        for (int i = 0; i < fields.size(); i++) {
          types.get(i).see(fields.get(i));
        }
        fields = reader.next();
      }
      List<RecordShape.Field> shapeFields = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        shapeFields.add(new RecordShape.Field(names.get(i), types.get(i).shape()));
      }
      try {
        return tableShape(new RecordShape(shapeFields), file);
      } catch (IllegalArgumentException e) {
        throw new IngestException(file + ": " + e.getMessage());
      }
    } catch (IOException e) {
      throw new IngestException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static DataShape tableShape(RecordShape record, Path file) {
    if (record.fields().isEmpty()) {
      throw new IngestException(file + ": the records have no fields");
    }
    return ArrayShape.varOf(record);
  }

  private static void checkReadable(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IngestException("no such file: " + file);
    }
    if (!Files.isReadable(file)) {
      throw new IngestException("cannot read " + file + ": permission denied");
    }
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null ? "unknown position"
        : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  /** Kept so callers can tell storage errors from input errors without importing both. */
  static boolean isInputError(BlzException e) {
    return e instanceof IngestException;
  }
}
