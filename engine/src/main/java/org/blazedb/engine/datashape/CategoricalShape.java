package org.blazedb.engine.datashape;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * {@code categorical[['a', 'b'], type=string, ordered=False]}: one of a fixed list of values, stored as
 * the index into {@code categories}.
 */
public record CategoricalShape(List<String> categories, DataShape type, boolean ordered)
    implements DataShape {
  public CategoricalShape {
    categories = List.copyOf(categories);
    Objects.requireNonNull(type, "type");
    if (new HashSet<>(categories).size() != categories.size()) {
      throw new IllegalArgumentException("categorical categories must be distinct: " + categories);
    }
  }

  /** The index of {@code value} in the categories, or -1. */
  public int codeOf(String value) {
    return categories.indexOf(value);
  }

  @Override
  public String toString() {
    return DataShapePrinter.print(this);
  }
}
