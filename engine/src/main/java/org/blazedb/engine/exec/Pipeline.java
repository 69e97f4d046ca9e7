package org.blazedb.engine.exec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import org.blazedb.engine.kernel.FilterKernel;
import org.blazedb.engine.kernel.ProjectKernel;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.engine.vector.Vector;

/**
 * Scan, filter and project fused: each morsel of the source is read, narrowed by the filter
 * kernel to a selection vector, then turned into dense output columns by the projections.
 *
 * @param filter the predicate, or null
 * @param projections the output columns
 */
public record Pipeline(BatchSource source, FilterKernel filter, List<Projection> projections) {
  public Pipeline {
    projections = List.copyOf(projections);
  }

  /**
   * One output column: input column {@code column} as it is, or the value of {@code kernel}.
   *
   * @param column the input column passed through, or -1 for a computed one
   */
  public record Projection(int column, ProjectKernel kernel, ValueType type) {
    public static Projection of(int column, ValueType type) {
      return new Projection(column, null, type);
    }

    public static Projection of(ProjectKernel kernel, ValueType type) {
      return new Projection(-1, kernel, type);
    }
  }

  public List<ValueType> outputTypes() {
    return projections.stream().map(Projection::type).toList();
  }

  /** The state of one worker thread: its reader and buffers. Use and close it in that thread. */
  public Worker worker(MemoryBudget budget) {
    return new Worker(budget);
  }

  /** Strings up to this many bytes are copied byte by byte (profile: MemorySegment.copy led TPC-H Q1). */
  private static final int SHORT_STRING = 16;

  public final class Worker implements AutoCloseable {
    private final BatchSource.Reader reader = source.open();
    private final Arena arena = Arena.ofConfined();
    private final MemoryBudget budget;
    private final MemorySegment[] values = new MemorySegment[projections.size()];
    private final MemorySegment[] validity = new MemorySegment[projections.size()];
    private final MemorySegment[] offsets = new MemorySegment[projections.size()];
    private final MemorySegment[] data = new MemorySegment[projections.size()];
    private MemorySegment selection = MemorySegment.NULL;
    private long reserved;

    private Worker(MemoryBudget budget) {
      this.budget = budget;
      java.util.Arrays.fill(values, MemorySegment.NULL);
      java.util.Arrays.fill(validity, MemorySegment.NULL);
      java.util.Arrays.fill(offsets, MemorySegment.NULL);
      java.util.Arrays.fill(data, MemorySegment.NULL);
    }

    /** The output of morsel {@code morsel}: dense columns, one per projection; valid until the next call. */
    public Batch process(int morsel) {
      Batch in = reader.read(morsel);
      if (filter != null) {
        selection = ensure(selection, 4L * in.rows());
        int n = filter.apply(in, selection);
        in = in.withSelection(selection, n);
      }
      Vector[] out = new Vector[projections.size()];
      for (int p = 0; p < out.length; p++) {
        Projection projection = projections.get(p);
        out[p] = projection.kernel() != null ? compute(p, projection, in) : gather(p, in.columns()[projection.column()], in);
      }
      return Batch.all(in.selected(), out);
    }

    private Vector compute(int p, Projection projection, Batch in) {
      values[p] = ensure(values[p], 8L * in.selected());
      validity[p] = ensure(validity[p], in.selected());
      projection.kernel().apply(in, values[p], validity[p]);
      return Vector.fixed(projection.type(), values[p], validity[p]);
    }

    /** The selected rows of {@code v}, dense; {@code v} itself when every row is selected. */
    private Vector gather(int p, Vector v, Batch in) {
      if (in.selection() == null) {
        return v;
      }
      int n = in.selected();
      MemorySegment valid = null;
      if (v.validity() != null) {
        valid = validity[p] = ensure(validity[p], n);
        for (int i = 0; i < n; i++) {
          valid.set(ValueLayout.JAVA_BYTE, i, v.validity().get(ValueLayout.JAVA_BYTE, in.position(i)));
        }
      }
      if (v.type().kind() != ValueType.Kind.VARCHAR) {
        MemorySegment out = values[p] = ensure(values[p], 8L * n);
        for (int i = 0; i < n; i++) {
          out.setAtIndex(ValueLayout.JAVA_LONG, i, v.values().getAtIndex(ValueLayout.JAVA_LONG, in.position(i)));
        }
        return Vector.fixed(v.type(), out, valid);
      }
      MemorySegment outOffsets = offsets[p] = ensure(offsets[p], 4L * (n + 1));
      long bytes = 0;
      for (int i = 0; i < n; i++) {
        bytes += v.end(in.position(i)) - v.start(in.position(i));
      }
      MemorySegment outData = data[p] = ensure(data[p], bytes);
      int at = 0;
      for (int i = 0; i < n; i++) {
        int row = in.position(i);
        int length = v.end(row) - v.start(row);
        outOffsets.setAtIndex(ValueLayout.JAVA_INT, i, at);
        if (length <= SHORT_STRING) { // a bulk copy's checks cost more than a few single bytes
          for (int b = 0; b < length; b++) {
            outData.set(ValueLayout.JAVA_BYTE, at + b, v.data().get(ValueLayout.JAVA_BYTE, v.start(row) + b));
          }
        } else {
          MemorySegment.copy(v.data(), v.start(row), outData, at, length);
        }
        at += length;
      }
      outOffsets.setAtIndex(ValueLayout.JAVA_INT, n, at);
      return Vector.varchar(outOffsets, outData, valid);
    }

    private MemorySegment ensure(MemorySegment segment, long size) {
      if (segment.byteSize() >= size) {
        return segment;
      }
      long bytes = Math.max(size, segment.byteSize() * 3 / 2);
      budget.reserve(bytes, "scan/filter/project buffers");
      reserved += bytes;
      return arena.allocate(bytes, 64);
    }

    @Override
    public void close() {
      try {
        reader.close();
      } finally {
        arena.close();
        budget.release(reserved);
      }
    }
  }
}
