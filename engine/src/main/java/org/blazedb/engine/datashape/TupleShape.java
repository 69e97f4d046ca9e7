package org.blazedb.engine.datashape;

import java.util.List;

/** {@code (T1, T2, ...)}: positional fields. */
public record TupleShape(List<DataShape> elements) implements DataShape {
  public TupleShape {
    elements = List.copyOf(elements);
  }

  @Override
  public String toString() {
    return DataShapePrinter.print(this);
  }
}
