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
    Columns sorted = new Columns(rows.types(), budget, OPERATOR);
    sorted.append(rows, selected(rows, budget));
    rows.release();
    return sorted;
  }

  /** The positions of the rows of {@code rows} that {@link #select} keeps, in order. */
  int[] selected(Columns rows, MemoryBudget budget) {
    // the order, its buffer (or the rows kept), the words compared
    long scratch = rows.rows() * (2L * Integer.BYTES + keys.size() * (long) Long.BYTES);
    budget.reserve(scratch, OPERATOR);
    try {
      int n = rows.rows();
      int[] order = selectsFew(n) ? first(rows, (int) (offset + fetch)) : order(rows);
      int from = (int) Math.min(offset, order.length);
      int to = fetch < 0 ? order.length : (int) Math.min(order.length, from + fetch);
      return java.util.Arrays.copyOfRange(order, from, to);
    } finally {
      budget.release(scratch);
    }
  }

  /** Whether it keeps an eighth of {@code n} rows or fewer (a top-N, found without sorting them all). */
  boolean selectsFew(int n) {
    return fetch >= 0 && offset <= n && fetch <= n && offset + fetch <= n / 8;
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

  /**
   * The positions of the first {@code k} of {@code rows} in sorted order, rows that tie in the
   * order of their positions (as {@link #order}'s stable sort gives them): a heap of the first k
   * so far, at most a comparison or a few per row, instead of sorting all of them (TPC-H Q10 keeps
   * the first 20 of 38,000 groups).
   */
  int[] first(Columns rows, int k) {
    RowComparator comparator = new RowComparator(rows);
    int[] heap = new int[k]; // the last of the first k so far at its root
    int size = 0;
    for (int row = 0; row < rows.rows(); row++) {
      if (size < k) {
        heap[size] = row;
        for (int at = size++; at > 0 && after(comparator, heap[at], heap[(at - 1) / 2]); at = (at - 1) / 2) {
          swap(heap, at, (at - 1) / 2);
        }
      } else if (k > 0 && comparator.compare(row, heap[0]) < 0) { // a later row that ties comes after
        heap[0] = row;
        for (int at = 0; ; ) {
          int child = 2 * at + 1;
          if (child >= k) {
            break;
          }
          if (child + 1 < k && after(comparator, heap[child + 1], heap[child])) {
            child++;
          }
          if (!after(comparator, heap[child], heap[at])) {
            break;
          }
          swap(heap, at, child);
          at = child;
        }
      }
    }
    return java.util.Arrays.stream(heap, 0, size).boxed()
        .sorted((a, b) -> after(comparator, a, b) ? 1 : a.equals(b) ? 0 : -1).mapToInt(Integer::intValue).toArray();
  }

  /** Whether row {@code a} comes after row {@code b}: later in the order, or tying and later in position. */
  private static boolean after(RowComparator comparator, int a, int b) {
    int c = comparator.compare(a, b);
    return c > 0 || (c == 0 && a > b);
  }

  private static void swap(int[] a, int i, int j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
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

  /**
   * Compares rows of {@link Columns} by the keys, without boxing, through a word per key and row
   * read once: a number's value in unsigned order, a string's first 8 bytes (profile of TPC-H Q16,
   * 18,000 rows ordered by a count, brand and type: comparing through the vectors, the brands byte
   * by byte, was a fifth of the query).
   */
  private final class RowComparator {
    private final Vector[] columns;
    /**
     * Of each key, its words in unsigned order: a number's whole order; a string's first 8 bytes
     * big-endian, which order two strings wherever they differ. Null for a string column with a
     * byte that {@link Utf8#compare}'s UTF-16 order places differently.
     */
    private final long[][] words;
    private final boolean[] strings;
    private final boolean[] descending;
    private final boolean[] nullsFirst;

    RowComparator(Columns rows) {
      int n = keys.size();
      columns = new Vector[n];
      words = new long[n][];
      strings = new boolean[n];
      descending = new boolean[n];
      nullsFirst = new boolean[n];
      for (int k = 0; k < n; k++) {
        Key key = keys.get(k);
        Vector v = columns[k] = rows.column(key.column());
        strings[k] = v.type().kind() == ValueType.Kind.VARCHAR;
        descending[k] = key.descending();
        nullsFirst[k] = key.nullsFirst();
        words[k] = strings[k] ? prefixes(v, rows.rows()) : numbers(v, rows.rows());
      }
    }

    private static long[] numbers(Vector v, int n) {
      long[] words = new long[n];
      MemorySegment values = v.values();
      boolean isDouble = v.type().kind() == ValueType.Kind.DOUBLE;
      for (int i = 0; i < n; i++) {
        long bits = values.getAtIndex(ValueLayout.JAVA_LONG, i);
        if (isDouble) { // Double.compare's order: -0.0 before 0.0, NaN last
          bits = Double.doubleToLongBits(Double.longBitsToDouble(bits));
          bits ^= (bits >> 63) & Long.MAX_VALUE;
        }
        words[i] = bits ^ Long.MIN_VALUE;
      }
      return words;
    }

    private static long[] prefixes(Vector v, int n) {
      long[] words = new long[n];
      MemorySegment data = v.data();
      for (int i = 0; i < n; i++) {
        int start = v.start(i);
        int length = Math.min(Long.BYTES, v.end(i) - start);
        long prefix = 0;
        for (int b = 0; b < length; b++) {
          int x = data.get(ValueLayout.JAVA_BYTE, start + b) & 0xFF;
          if (x >= 0xEE) {
            return null;
          }
          prefix |= (long) x << (56 - 8 * b);
        }
        words[i] = prefix;
      }
      return words;
    }

    int compare(int a, int b) {
      for (int k = 0; k < columns.length; k++) {
        Vector v = columns[k];
        if (v.validity() != null) {
          boolean aNull = !v.isValid(a);
          boolean bNull = !v.isValid(b);
          if (aNull != bNull) {
            return aNull == nullsFirst[k] ? -1 : 1; // NULL placement does not flip with the direction
          } else if (aNull) {
            continue;
          }
        }
        long[] word = words[k];
        int c;
        if (word != null && word[a] != word[b]) {
          c = Long.compareUnsigned(word[a], word[b]);
        } else if (strings[k]) {
          c = Utf8.compare(v, a, v, b, word == null ? 0 : Long.BYTES); // the words hold the first 8 bytes
        } else {
          continue; // equal numbers
        }
        if (c != 0) {
          return descending[k] ? -c : c;
        }
      }
      return 0;
    }
  }
}
