package org.blazedb.storage.blz;

import java.util.List;

/**
 * A PRIMARY KEY or UNIQUE constraint: no two rows have equal values in {@code columns} (top-level
 * fields of the table's records). Rows with a null in a UNIQUE key never conflict, as in SQL; a
 * primary key allows no nulls.
 *
 * @param name the constraint's name, or null if it was given none
 */
public record TableKey(String name, boolean primary, List<String> columns) {
  public TableKey {
    columns = List.copyOf(columns);
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("a key needs at least one column");
    }
  }

  /** How the key reads in SQL, e.g. {@code PRIMARY KEY (a, b)}. */
  public String describe() {
    return (name == null ? "" : "CONSTRAINT " + name + " ") + (primary ? "PRIMARY KEY" : "UNIQUE")
        + " (" + String.join(", ", columns) + ")";
  }
}
