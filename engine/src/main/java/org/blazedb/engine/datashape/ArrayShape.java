package org.blazedb.engine.datashape;

import java.util.Objects;

/** {@code dim * element}: an array along one dimension; several dimensions nest. */
public record ArrayShape(Dim dim, DataShape element) implements DataShape {
  public ArrayShape {
    Objects.requireNonNull(dim, "dim");
    Objects.requireNonNull(element, "element");
  }

  /** {@code var * element}. */
  public static ArrayShape varOf(DataShape element) {
    return new ArrayShape(Dim.VAR, element);
  }

  @Override
  public String toString() {
    return DataShapePrinter.print(this);
  }
}
