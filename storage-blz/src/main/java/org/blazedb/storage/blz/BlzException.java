package org.blazedb.storage.blz;

/** A storage error a user can cause or see: missing table, locked table, corrupt data, bad schema. */
public class BlzException extends RuntimeException {
  public BlzException(String message) {
    super(message);
  }

  public BlzException(String message, Throwable cause) {
    super(message, cause);
  }
}
