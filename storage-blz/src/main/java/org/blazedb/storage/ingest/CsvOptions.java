package org.blazedb.storage.ingest;

/**
 * A CSV dialect (RFC 4180 by default).
 *
 * @param delimiter the field separator
 * @param quote the quote character; a quote inside a quoted field is doubled
 * @param header whether the first line names the fields
 * @param nullString an unquoted field equal to this is a missing value ("" by default)
 */
public record CsvOptions(char delimiter, char quote, boolean header, String nullString) {
  public static final CsvOptions DEFAULT = new CsvOptions(',', '"', true, "");

  public CsvOptions {
    if (delimiter == quote || delimiter == '\n' || delimiter == '\r') {
      throw new IllegalArgumentException("the CSV delimiter must differ from the quote and from line breaks");
    }
  }
}
