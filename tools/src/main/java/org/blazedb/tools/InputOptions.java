package org.blazedb.tools;

import org.blazedb.storage.ingest.CsvOptions;
import org.blazedb.storage.ingest.Format;
import org.blazedb.storage.ingest.LoadOptions;
import picocli.CommandLine.Option;

/** How to read an input file: the options {@code load} and {@code infer} share. */
final class InputOptions {
  @Option(names = "--format", description = "json, jsonl or csv (default: from the file name).")
  Format format;

  @Option(names = "--path", description = "JSON: dotted path of the records array inside the top-level object, e.g. loans.")
  String path;

  @Option(names = "--delimiter", description = "CSV field delimiter (default ','; use '\\t' for tabs).")
  String delimiter = ",";

  @Option(names = "--no-header", description = "CSV: the first line is data, not field names.")
  boolean noHeader;

  @Option(names = "--null", description = "CSV: the unquoted text of a missing value (default: empty).")
  String nullString = "";

  LoadOptions toLoadOptions() {
    String d = delimiter.equals("\\t") ? "\t" : delimiter;
    if (d.length() != 1) {
      throw new IllegalArgumentException("--delimiter must be one character, was '" + delimiter + "'");
    }
    return LoadOptions.defaults()
        .withFormat(format)
        .withPath(path)
        .withCsv(new CsvOptions(d.charAt(0), '"', !noHeader, nullString));
  }
}
