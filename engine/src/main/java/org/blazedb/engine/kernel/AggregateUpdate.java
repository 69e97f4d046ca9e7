package org.blazedb.engine.kernel;

/**
 * How an aggregate folds one input value into its group's {@link AggregateState}: the shapes of
 * {@link AggregateKernel}s. NULL inputs are skipped by all but {@link #COUNT_ROWS}; every update
 * counts the values it took, which tells an empty group (NULL result) from one that has a minimum.
 */
public enum AggregateUpdate {
  /** COUNT(*): every row. */
  COUNT_ROWS,
  /** COUNT(x): the non-null values. */
  COUNT,
  /** {@code low += v} over int64 values (BIGINT sums wrap as Java longs do). */
  SUM_LONG,
  /** {@code (high, low) += v}: a 128-bit sum of unscaled DECIMAL values, which cannot overflow. */
  SUM_DECIMAL,
  /** {@code doubles += v}. */
  SUM_DOUBLE,
  MIN_LONG,
  MAX_LONG,
  /** The least value by {@code <}: a NaN that comes first stays, later NaNs never win. */
  MIN_DOUBLE,
  MAX_DOUBLE;

  /** Whether the value is a float64 (else an int64, or none for COUNT_ROWS). */
  public boolean isDouble() {
    return this == SUM_DOUBLE || this == MIN_DOUBLE || this == MAX_DOUBLE;
  }
}
