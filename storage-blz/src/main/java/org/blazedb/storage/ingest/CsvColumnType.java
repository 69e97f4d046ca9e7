package org.blazedb.storage.ingest;

import org.blazedb.engine.datashape.DataShape;
import org.blazedb.engine.datashape.Primitive;
import org.blazedb.engine.datashape.StringShape;

/** The narrowest type of one CSV column's texts: bool, then int64, then float64, else string. */
final class CsvColumnType {
  private boolean nulls;
  private boolean values;
  private boolean bool = true;
  private boolean integer = true;
  private boolean floating = true;

  void see(String text) {
    if (text == null) {
      nulls = true;
      return;
    }
    values = true;
    String s = text.strip();
    bool &= s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false");
    if (integer) {
      integer = isLong(s);
    }
    if (floating && !integer) {
      floating = isDouble(s);
    }
  }

  DataShape shape() {
    DataShape type = !values ? StringShape.STRING
        : bool ? Primitive.BOOL
        : integer ? Primitive.INT64
        : floating ? Primitive.FLOAT64
        : StringShape.STRING;
    return nulls ? type.asOption() : type;
  }

  private static boolean isLong(String s) {
    try {
      Long.parseLong(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean isDouble(String s) {
    try {
      Double.parseDouble(s);
      return !s.isEmpty() && Character.isDigit(s.charAt(s.length() - 1)) || s.endsWith(".");
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
