package org.blazedb.storage.ingest;

import org.blazedb.engine.datashape.DataShape;
import org.blazedb.storage.blz.BlzDatabase;

/**
 * How to read an input file.
 *
 * @param format the file format, or null to guess it from the file name
 * @param shape the table's DataShape, or null to use the existing table's or infer one
 * @param path for JSON, the dotted path of the records array inside the top-level object, or null
 * @param csv CSV dialect
 * @param chunkRows rows per chunk for a new table
 */
public record LoadOptions(Format format, DataShape shape, String path, CsvOptions csv, int chunkRows) {
  public static LoadOptions defaults() {
    return new LoadOptions(null, null, null, CsvOptions.DEFAULT, BlzDatabase.DEFAULT_CHUNK_ROWS);
  }

  public LoadOptions withFormat(Format f) {
    return new LoadOptions(f, shape, path, csv, chunkRows);
  }

  public LoadOptions withShape(DataShape s) {
    return new LoadOptions(format, s, path, csv, chunkRows);
  }

  public LoadOptions withPath(String p) {
    return new LoadOptions(format, shape, p, csv, chunkRows);
  }

  public LoadOptions withCsv(CsvOptions c) {
    return new LoadOptions(format, shape, path, c, chunkRows);
  }

  public LoadOptions withChunkRows(int rows) {
    return new LoadOptions(format, shape, path, csv, rows);
  }
}
