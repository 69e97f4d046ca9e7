package org.blazedb.storage.ingest;

import java.nio.file.Path;
import java.util.Locale;

/** Input file formats. */
public enum Format {
  /** A JSON array of records, an array at a path inside an object, or a sequence of objects. */
  JSON,
  /** One JSON record per line. */
  JSONL,
  CSV;

  /** The format a file name suggests: .csv/.tsv, .jsonl/.ndjson, else JSON. */
  public static Format guess(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv") || name.endsWith(".tsv")) {
      return CSV;
    }
    return name.endsWith(".jsonl") || name.endsWith(".ndjson") ? JSONL : JSON;
  }
}
