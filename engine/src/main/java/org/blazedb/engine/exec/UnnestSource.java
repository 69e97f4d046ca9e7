package org.blazedb.engine.exec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.engine.vector.Vector;

/**
 * UNNEST of a var dim: one row per array element, the columns of its parent row then the
 * element's. The elements of all arrays are a table of their own ({@code elements}, read in its
 * morsels); element {@code e} belongs to parent row {@code p} where
 * {@code starts[p] <= e < starts[p + 1]}, and the parent's columns are gathered from
 * {@code parents} by that row number. An outer UNNEST (LEFT JOIN ... ON TRUE) also gives each
 * parent without elements (an empty or NULL array) one row, its element columns NULL, in morsels
 * after the elements'.
 *
 * <p>A batch holds {@code parentWidth} parent columns, those of {@code parents} at {@code parentAt}
 * and null where the plan reads none, then the element columns.
 *
 * @param elements the element columns, in morsels whose first elements are {@code morselStarts}
 * @param parents the parent rows' columns that are read, in table order
 * @param parentAt the batch column of each column of {@code parents}
 * @param starts the first element of each parent row, and the element count at the end
 */
public record UnnestSource(BatchSource elements, long[] morselStarts, Columns parents, int[] parentAt,
    int parentWidth, long[] starts, List<ValueType> elementTypes, boolean outer) implements BatchSource {
  public UnnestSource {
    if (morselStarts.length != elements.morsels() || starts.length != parents.rows() + 1) {
      throw new IllegalArgumentException("UNNEST: " + morselStarts.length + " morsel starts for " + elements.morsels()
          + " morsels, " + starts.length + " array starts for " + parents.rows() + " rows");
    }
    elementTypes = List.copyOf(elementTypes);
  }

  @Override
  public int morsels() {
    return elements.morsels() + (outer ? (parents.rows() + MaterializedSource.MORSEL - 1) / MaterializedSource.MORSEL : 0);
  }

  @Override
  public long rows() {
    return elements.rows() + (outer ? parents.rows() : 0); // an upper bound for an outer UNNEST
  }

  @Override
  public Reader open() {
    BatchSource.Reader reader = elements.open();
    return new Reader() {
      private final Buffers buffers = new Buffers(MemoryBudget.unlimited());
      private final ColumnBuffer[] outputs = new ColumnBuffer[parents.types().size() + elementTypes.size()];
      private final int width = parentWidth + elementTypes.size();
      private MemorySegment positions = MemorySegment.NULL;

      {
        java.util.Arrays.setAll(outputs, c -> new ColumnBuffer());
      }

      @Override
      public Batch read(int morsel) {
        return morsel < elements.morsels() ? elementRows(reader.read(morsel), morselStarts[morsel])
            : parentsWithoutElements((morsel - elements.morsels()) * MaterializedSource.MORSEL);
      }

      private Batch elementRows(Batch batch, long first) {
        int n = batch.rows();
        positions = buffers.ensure(positions, 4L * n);
        int parent = parentOf(first);
        for (int i = 0; i < n; i++) {
          while (starts[parent + 1] <= first + i) {
            parent++;
          }
          positions.setAtIndex(ValueLayout.JAVA_INT, i, parent);
        }
        Vector[] columns = parentColumns(n);
        System.arraycopy(batch.columns(), 0, columns, parentWidth, elementTypes.size());
        return Batch.all(n, columns);
      }

      private Batch parentsWithoutElements(int from) {
        int to = Math.min(parents.rows(), from + MaterializedSource.MORSEL);
        positions = buffers.ensure(positions, 4L * (to - from));
        int n = 0;
        for (int p = from; p < to; p++) {
          if (starts[p] == starts[p + 1]) {
            positions.setAtIndex(ValueLayout.JAVA_INT, n++, p);
          }
        }
        Vector[] columns = parentColumns(n);
        for (int c = 0; c < elementTypes.size(); c++) {
          columns[parentWidth + c] = outputs[parents.types().size() + c].nulls(elementTypes.get(c), n, buffers);
        }
        return Batch.all(n, columns);
      }

      /** The parent columns of the rows at {@code positions[0 .. n)}, at their places in a batch. */
      private Vector[] parentColumns(int n) {
        Vector[] columns = new Vector[width];
        for (int c = 0; c < parents.types().size(); c++) {
          columns[parentAt[c]] = outputs[c].gather(parents.column(c), positions, n, false, buffers);
        }
        return columns;
      }

      @Override
      public void close() {
        reader.close();
        buffers.close();
      }
    };
  }

  /** The parent row of element {@code e}: the last row whose array starts at or before it and is not empty. */
  private int parentOf(long e) {
    int low = 0;
    int high = parents.rows() - 1;
    while (low < high) { // the last p with starts[p] <= e
      int mid = (low + high + 1) >>> 1;
      if (starts[mid] <= e) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low;
  }
}
