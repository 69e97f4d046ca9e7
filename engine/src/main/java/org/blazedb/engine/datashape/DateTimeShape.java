package org.blazedb.engine.datashape;

/** {@code datetime} or {@code datetime[tz='UTC']}: microseconds since the epoch; tz is null when absent. */
public record DateTimeShape(String tz) implements DataShape {
  public static final DateTimeShape NAIVE = new DateTimeShape(null);

  @Override
  public String toString() {
    return DataShapePrinter.print(this);
  }
}
