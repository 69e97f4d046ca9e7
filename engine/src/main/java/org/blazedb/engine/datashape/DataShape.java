package org.blazedb.engine.datashape;

/**
 * A DataShape type: the type grammar of Continuum's Blaze, e.g. {@code var * {id: int64, tags: var * string}}.
 *
 * <p>Values are immutable and compare by structure, so {@code DataShapeParser.parse(shape.toString())}
 * equals {@code shape}. {@link #toString()} prints the canonical form.
 */
public sealed interface DataShape
    permits Primitive, ArrayShape, RecordShape, TupleShape, OptionShape, TypeVarShape,
        DecimalShape, StringShape, DateTimeShape, TimeDeltaShape, CategoricalShape {

  /** Whether missing values are allowed ({@code ?T}). */
  default boolean isOption() {
    return this instanceof OptionShape;
  }

  /** {@code T} for {@code ?T}, otherwise this shape. */
  default DataShape withoutOption() {
    return this instanceof OptionShape(DataShape type) ? type : this;
  }

  /** {@code ?T} for this shape ({@code ?T} stays {@code ?T}). */
  default DataShape asOption() {
    return isOption() ? this : new OptionShape(this);
  }
}
