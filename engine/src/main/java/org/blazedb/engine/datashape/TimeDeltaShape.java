package org.blazedb.engine.datashape;

import java.util.Objects;

/** {@code timedelta[unit='us']}: a duration counted in {@code unit}. */
public record TimeDeltaShape(String unit) implements DataShape {
  public static final String DEFAULT_UNIT = "us";

  public TimeDeltaShape {
    Objects.requireNonNull(unit, "unit");
  }

  @Override
  public String toString() {
    return DataShapePrinter.print(this);
  }
}
