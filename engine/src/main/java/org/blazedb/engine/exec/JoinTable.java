package org.blazedb.engine.exec;

import java.util.List;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.ValueType;

/**
 * The build side of a hash join: its rows ({@link Columns}), their distinct keys in a
 * {@link GroupTable}, and for each key the chain of rows that have it. Rows with a NULL key are
 * kept (an outer join returns them) but are in no chain, since NULL equals nothing. Built once,
 * then probed by several threads; only the matched flags of build-side outer joins are written
 * while probing (single bytes set to 1, so races are harmless).
 */
public final class JoinTable {
  private static final String OPERATOR = "hash join (build side)";

  private final Columns rows;
  private final KeyEncoder encoder;
  private final GroupTable keys;
  private final int[] first;
  private final int[] next;
  private final byte[] matched;

  /**
   * @param keyColumns the columns of {@code rows} that are the join keys
   * @param keyTypes the types both sides' keys are compared as
   */
  public JoinTable(Columns rows, int[] keyColumns, List<ValueType> keyTypes, MemoryBudget budget) {
    this.rows = rows;
    this.encoder = new KeyEncoder(keyColumns, keyTypes, new StringDictionary(budget, OPERATOR), true);
    int width = encoder.width();
    int n = rows.rows();
    // Sized for as many keys as rows (build keys are mostly distinct): profile of TPC-H Q21 at SF1,
    // growing the table led the query.
    this.keys = new GroupTable(width, budget, OPERATOR, n);
    budget.reserve(13L * n, OPERATOR);
    this.next = new int[n];
    this.matched = new byte[n];
    int[] heads = new int[n];
    long[] encoded = new long[0];
    for (int from = 0; from < n; from += MaterializedSource.MORSEL) {
      int count = Math.min(MaterializedSource.MORSEL, n - from);
      Batch batch = rows.batch(from, count);
      encoded = encoder.encode(batch, encoded);
      for (int i = 0; i < count; i++) {
        int row = from + i;
        next[row] = -1;
        if (encoded[i * width + width - 1] != 0) {
          continue; // a NULL key joins nothing
        }
        int id = keys.findOrAdd(encoded, i * width);
        if (id < 0) {
          id = -1 - id;
          heads[id] = -1;
        }
        next[row] = heads[id];
        heads[id] = row;
      }
    }
    this.first = heads;
  }

  public Columns rows() {
    return rows;
  }

  /** An encoder of probe keys (columns {@code probeColumns} of the probe batches) comparable with these. */
  KeyEncoder probeEncoder(int[] probeColumns) {
    return new KeyEncoder(probeColumns, java.util.stream.IntStream.range(0, encoder.keys()).mapToObj(encoder::type)
        .toList(), encoder.strings(), false);
  }

  /** The first row with the key at {@code key[offset ..]}, or -1. */
  int first(long[] key, int offset) {
    int id = keys.find(key, offset);
    return id < 0 ? -1 : first[id];
  }

  /** The next row with the same key as {@code row}, or -1. */
  int next(int row) {
    return next[row];
  }

  void markMatched(int row) {
    matched[row] = 1;
  }

  boolean matched(int row) {
    return matched[row] != 0;
  }
}
