package org.blazedb.engine.kernel;

import org.blazedb.engine.vector.Vector;

/**
 * An intermediate result of {@link Interpreter}: one value per selected row, dense, on-heap.
 * Exactly one of longs, doubles or strings (a VARCHAR vector read at {@code positions}; a constant
 * is a vector of one string read at position 0) is set.
 *
 * @param valid which rows have a value; null when all do
 */
record Values(long[] longs, double[] doubles, boolean[] valid, Vector strings, int[] positions) {
  static Values ofLongs(long[] longs, boolean[] valid) {
    return new Values(longs, null, valid, null, null);
  }

  static Values ofDoubles(double[] doubles, boolean[] valid) {
    return new Values(null, doubles, valid, null, null);
  }

  boolean isValid(int i) {
    return valid == null || valid[i];
  }
}
