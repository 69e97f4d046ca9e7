package org.blazedb.engine.datashape;

import java.util.Objects;

/** {@code ?T}: a T or a missing value. */
public record OptionShape(DataShape type) implements DataShape {
  public OptionShape {
    Objects.requireNonNull(type, "type");
    if (type instanceof OptionShape) {
      throw new IllegalArgumentException("an option of an option (??T) is not a DataShape");
    }
  }

  @Override
  public String toString() {
    return DataShapePrinter.print(this);
  }
}
