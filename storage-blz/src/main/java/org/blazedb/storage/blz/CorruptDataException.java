package org.blazedb.storage.blz;

import java.nio.file.Path;

/** Stored data failed verification; the message names table, column, chunk and file. */
public final class CorruptDataException extends BlzException {
  public CorruptDataException(String message) {
    super(message);
  }

  static CorruptDataException chunk(String table, String column, int chunk, Path file, String problem) {
    return new CorruptDataException("corrupt chunk in table '" + table + "', column '" + column
        + "', chunk " + chunk + " (" + file + "): " + problem);
  }
}
