package org.blazedb.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.blazedb.engine.datashape.DataShape;
import org.blazedb.engine.datashape.DataShapeParser;
import org.blazedb.engine.datashape.DataShapeSyntaxException;

/** A {@code --datashape} value: the path of a DataShape file, or the DataShape text itself. */
final class ShapeArgument {
  private ShapeArgument() {}

  static DataShape parse(String value) {
    Path file = Path.of(value.length() < 4096 && !value.contains("\n") ? value : ".");
    boolean isFile = !value.contains("{") && !value.contains("*") && Files.isRegularFile(file);
    if (!isFile) {
      return DataShapeParser.parse(value);
    }
    try {
      return DataShapeParser.parse(Files.readString(file));
    } catch (DataShapeSyntaxException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read DataShape file " + file + ": " + e.getMessage(), e);
    }
  }
}
