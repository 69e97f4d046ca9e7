package org.blazedb.calcite;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.blazedb.storage.blz.CorruptDataException;
import org.blazedb.storage.blz.TableKey;

/**
 * What CREATE INDEX recorded, stored as text such as {@code UNIQUE t(a, b)}. BlazeDB builds no
 * secondary index structures (zone maps serve range filters); a UNIQUE index is enforced as a key.
 */
record IndexDefinition(boolean unique, String table, List<String> columns) {
  private static final Pattern TEXT = Pattern.compile("(UNIQUE )?([^(]+)\\((.*)\\)");

  IndexDefinition {
    columns = List.copyOf(columns);
  }

  static IndexDefinition parse(String name, String text) {
    Matcher m = TEXT.matcher(text.strip());
    if (!m.matches()) {
      throw new CorruptDataException("corrupt definition of index '" + name + "': " + text);
    }
    return new IndexDefinition(m.group(1) != null, m.group(2),
        Arrays.stream(m.group(3).split(",")).map(String::strip).toList());
  }

  /** The key a UNIQUE index enforces. */
  TableKey key(String name) {
    return new TableKey(name, false, columns);
  }

  @Override
  public String toString() {
    return (unique ? "UNIQUE " : "") + table + "(" + String.join(", ", columns) + ")";
  }
}
