package org.blazedb.engine.exec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.engine.vector.Utf8;
import org.blazedb.engine.vector.Vector;

/**
 * ORDER BY with OFFSET and FETCH over rows the engine holds. With a FETCH, each worker keeps only
 * its first {@code offset + fetch} rows (top-N): its rows are cut back to those whenever they grow
 * past twice as many, so memory stays bounded whatever the input.
 *
 * @param fetch the most rows returned, or -1 for all
 */
public record OrderBy(List<Key> keys, long offset, long fetch) {
  /** Rows compared on column {@code column}; NULLs first or last as Calcite's collation says. */
  public record Key(int column, boolean descending, boolean nullsFirst) {
    @Override
    public String toString() {
      return "$" + column + (descending ? " DESC" : "") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
    }
  }

  private static final String OPERATOR = "sort";

  public OrderBy {
    keys = List.copyOf(keys);
  }

  @Override
  public String toString() {
    return "order=" + keys + (offset > 0 ? " offset=" + offset : "") + (fetch >= 0 ? " fetch=" + fetch : "");
  }

  /** The pipeline's rows, sorted, after the offset and at most fetch of them. */
  public Columns sort(Pipeline pipeline, int threads, MemoryBudget budget, Runnable check) {
    List<ValueType> types = pipeline.outputTypes();
    List<Part> parts = Morsels.run(pipeline, () -> new Part(types, budget), Part::add, true, threads, budget, check);
    Columns all = parts.getFirst().rows;
    for (Part part : parts.subList(1, parts.size())) {
      all.append(part.rows, all(part.rows.rows()));
    }
    return select(all, budget);
  }

  /** {@code rows} sorted, after the offset and at most fetch of them. */
  public Columns select(Columns rows, MemoryBudget budget) {
    int[] order = order(rows);
    int from = (int) Math.min(offset, order.length);
    int to = fetch < 0 ? order.length : (int) Math.min(order.length, from + fetch);
    Columns sorted = new Columns(rows.types(), budget, OPERATOR);
    sorted.append(rows, java.util.Arrays.copyOfRange(order, from, to));
    rows.release();
    return sorted;
  }

  /** The positions of {@code rows} in sorted order (a stable merge sort). */
  int[] order(Columns rows) {
    int n = rows.rows();
    int[] order = all(n);
    RowComparator comparator = new RowComparator(rows);
    int[] buffer = new int[n];
    for (int width = 1; width < n; width *= 2) {
      for (int lo = 0; lo < n - width; lo += 2 * width) {
        int mid = lo + width;
        int hi = Math.min(lo + 2 * width, n);
        if (comparator.compare(order[mid - 1], order[mid]) <= 0) {
          continue; // already in order
        }
        int i = lo;
        int j = mid;
        for (int k = lo; k < hi; k++) {
          buffer[k] = j >= hi || (i < mid && comparator.compare(order[i], order[j]) <= 0) ? order[i++] : order[j++];
        }
        System.arraycopy(buffer, lo, order, lo, hi - lo);
      }
    }
    return order;
  }

  private static int[] all(int n) {
    int[] positions = new int[n];
    java.util.Arrays.setAll(positions, i -> i);
    return positions;
  }

  /** One worker's rows; with a FETCH, cut back to its first {@code offset + fetch} now and then. */
  private final class Part {
    private final MemoryBudget budget;
    private Columns rows;

    Part(List<ValueType> types, MemoryBudget budget) {
      this.budget = budget;
      this.rows = new Columns(types, budget, OPERATOR);
    }

    void add(Batch batch) {
      rows.append(batch);
      long keep = offset + fetch;
      if (fetch >= 0 && rows.rows() > Math.max(2 * keep, MaterializedSource.MORSEL)) {
        rows = new OrderBy(keys, 0, keep).select(rows, budget);
      }
    }
  }

  /** Compares rows of {@link Columns} by the keys, without boxing. */
  private final class RowComparator {
    private final Vector[] columns;

    RowComparator(Columns rows) {
      columns = new Vector[keys.size()];
      for (int k = 0; k < columns.length; k++) {
        columns[k] = rows.column(keys.get(k).column());
      }
    }

    int compare(int a, int b) {
      for (int k = 0; k < columns.length; k++) {
        Key key = keys.get(k);
        Vector v = columns[k];
        boolean aNull = !v.isValid(a);
        boolean bNull = !v.isValid(b);
        int c;
        if (aNull || bNull) {
          c = aNull == bNull ? 0 : aNull == key.nullsFirst() ? -1 : 1;
          if (c != 0) {
            return c; // NULL placement does not flip with the direction
          }
          continue;
        }
        c = switch (v.type().kind()) {
          case DOUBLE -> Double.compare(v.getDouble(a), v.getDouble(b));
          case VARCHAR -> Utf8.compare(v, a, v, b);
          default -> Long.compare(v.getLong(a), v.getLong(b));
        };
        if (c != 0) {
          return key.descending() ? -c : c;
        }
      }
      return 0;
    }
  }
}
