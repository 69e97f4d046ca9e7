package org.blazedb.storage.ingest;

/** A value that does not fit its field; the loader adds file and record to the message. */
final class ValueException extends RuntimeException {
  private final String field;

  ValueException(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  /** The column path of the field, e.g. {@code borrowers[].gender}; empty for the record itself. */
  String field() {
    return field;
  }
}
