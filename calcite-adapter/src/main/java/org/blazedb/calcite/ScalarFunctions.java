package org.blazedb.calcite;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.apache.calcite.runtime.SqlFunctions;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.ScalarFunctionImpl;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.validate.SqlUserDefinedFunction;

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

  /** Whether {@code operator} is SQL's SUBSTRING or {@code substr} (the same function). */
  static boolean isSubstring(SqlOperator operator) {
    return operator == SqlStdOperatorTable.SUBSTRING
        || operator instanceof SqlUserDefinedFunction udf && udf.getFunction() instanceof ScalarFunctionImpl impl
        && impl.method.getDeclaringClass() == ScalarFunctions.class && impl.method.getName().startsWith("substr");
  }

  // Boxed parameters: a NULL start or length gives NULL (primitive ones made Calcite unbox it: an NPE).
  public static String substr(String s, Integer start, Integer length) {
    return s == null || start == null || length == null ? null : SqlFunctions.substring(s, start, length);
  }

  public static String substrFrom(String s, Integer start) {
    return s == null || start == null ? null : SqlFunctions.substring(s, start);
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
