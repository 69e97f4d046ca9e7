package org.blazedb.storage.ingest;

import org.blazedb.storage.blz.BlzException;

/** Input that does not fit: names the file, the record (or line) and the field. */
public final class IngestException extends BlzException {
  public IngestException(String message) {
    super(message);
  }

  public IngestException(String message, Throwable cause) {
    super(message, cause);
  }
}
