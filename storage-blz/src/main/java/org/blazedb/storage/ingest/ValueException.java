package org.blazedb.storage.ingest;

/** A value that does not fit its field; the caller adds where it came from (file, record, row). */
public final class ValueException extends RuntimeException {
  private final String field;

  public ValueException(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  /** The column path of the field, e.g. {@code borrowers[].gender}; empty for the record itself. */
  public String field() {
    return field;
  }
}
