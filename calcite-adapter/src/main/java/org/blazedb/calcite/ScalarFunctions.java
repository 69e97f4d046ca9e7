package org.blazedb.calcite;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.apache.calcite.runtime.SqlFunctions;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;

/**
 * Functions that SQLite, PostgreSQL, DuckDB and Trino share and standard SQL spells otherwise:
 * {@code substr(s, start [, length])} is {@code SUBSTRING(s FROM start [FOR length])}, and
 * {@code date('yyyy-mm-dd')} is {@code CAST(... AS DATE)}. Registered in the root schema.
 */
public final class ScalarFunctions {
  private ScalarFunctions() {}

  static void addTo(SchemaPlus root) {
    root.add("substr", ScalarFunctionImpl.create(ScalarFunctions.class, "substr"));
    root.add("substr", ScalarFunctionImpl.create(ScalarFunctions.class, "substrFrom"));
    root.add("date", ScalarFunctionImpl.create(ScalarFunctions.class, "date"));
  }

  public static String substr(String s, int start, int length) {
    return s == null ? null : SqlFunctions.substring(s, start, length);
  }

  public static String substrFrom(String s, int start) {
    return s == null ? null : SqlFunctions.substring(s, start);
  }

  /** The date written {@code yyyy-mm-dd}, as a java.sql.Date (Calcite's Java type for DATE). */
  public static java.sql.Date date(String text) {
    if (text == null) {
      return null;
    }
    try {
      return java.sql.Date.valueOf(LocalDate.parse(text.strip()));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("date('" + text + "'): not a date of the form yyyy-mm-dd", e);
    }
  }
}
