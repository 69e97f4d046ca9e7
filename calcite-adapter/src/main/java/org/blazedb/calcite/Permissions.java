package org.blazedb.calcite;

/**
 * What a connection may do beyond querying its database's tables.
 *
 * @param write run DDL and DML (CREATE, DROP, INSERT, UPDATE, DELETE, REPLACE)
 * @param readFiles read files of the machine the database runs on, through read_json and read_csv
 */
public record Permissions(boolean write, boolean readFiles) {
  /** An embedded connection's: everything. */
  public static final Permissions ALL = new Permissions(true, true);

  void checkWrite(String what) {
    if (!write) {
      throw new org.blazedb.storage.blz.BlzException(what + " is not allowed: the connection is read-only");
    }
  }

  void checkReadFiles(String function) {
    if (!readFiles) {
      throw new org.blazedb.storage.blz.BlzException(function + " is not allowed on this connection: it may not"
          + " read the server's files");
    }
  }
}
