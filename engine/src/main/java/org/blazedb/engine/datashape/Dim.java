package org.blazedb.engine.datashape;

/** One dimension of an array shape: {@code 3}, {@code var}, {@code N}, {@code ...} or {@code Dims...}. */
public sealed interface Dim {

  /** A dimension of fixed length, e.g. {@code 3 * float64}. */
  record Fixed(long length) implements Dim {
    public Fixed {
      if (length < 0) {
        throw new IllegalArgumentException("dimension length must be >= 0, was " + length);
      }
    }
  }

  /** A dimension whose length varies from value to value. */
  record Var() implements Dim {}

  /** A dimension named by a type variable, e.g. {@code N}. */
  record Symbolic(String name) implements Dim {}

  /** Any number of dimensions; {@code name} is null for a bare {@code ...}. */
  record Ellipsis(String name) implements Dim {}

  Var VAR = new Var();
}
