package org.blazedb.storage.blz;

import java.nio.charset.StandardCharsets;

/**
 * One stored column: a folder of chunks under {@code cols/}.
 *
 * @param path the column path ({@link ColumnNode#path()})
 * @param encoding how values are stored
 * @param nullable whether chunks carry a validity bitmap
 * @param node the column-tree node that owns this column
 */
public record PhysicalColumn(String path, Encoding encoding, boolean nullable, ColumnNode node) {

  /** The folder name under {@code cols/}: the path, with bytes unsafe in file names escaped as %XX. */
  public String folderName() {
    StringBuilder sb = new StringBuilder();
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-' || c == '[' || c == ']' || c == '$';
      if (safe) {
        sb.append(c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.isEmpty() ? "%" : sb.toString();
  }
}
