package org.blazedb.engine.datashape;

/** A type variable standing for any element type, e.g. the {@code T} of {@code N * T}. */
public record TypeVarShape(String name) implements DataShape {
  @Override
  public String toString() {
    return name;
  }
}
