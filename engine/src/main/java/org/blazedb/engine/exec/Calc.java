package org.blazedb.engine.exec;

import java.lang.foreign.MemorySegment;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;
import org.blazedb.engine.kernel.FilterKernel;
import org.blazedb.engine.kernel.ProjectKernel;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.engine.vector.Vector;

/**
 * Filter and project: a batch is narrowed by the filter kernel to a selection vector, then turned
 * into dense output columns by the projections; or, when they only pick columns, passed on with
 * its selection.
 *
 * @param filter the predicate, or null
 * @param projections the output columns
 * @param given the output columns computed, null for all; the others are left null
 */
public record Calc(FilterKernel filter, List<Projection> projections, BitSet given) implements Stage {
  /**
   * The share of a batch's rows from which a filter's selection is passed on even when columns are
   * computed: they are then computed for every row, and the picks are not copied (TPC-H Q1 copied
   * the two flags of the 98% of lineitem its date keeps, a sixth of the query, for an aggregation
   * that reads them through the selection).
   */
  private static final double MOST_ROWS = 0.875;

  public Calc {
    projections = List.copyOf(projections);
    given = given == null ? null : (BitSet) given.clone();
  }

  public Calc(FilterKernel filter, List<Projection> projections) {
    this(filter, projections, null);
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

  @Override
  public List<ValueType> outputTypes() {
    return projections.stream().map(Projection::type).toList();
  }

  @Override
  public int passes(int column) {
    return projections.get(column).kernel() == null ? projections.get(column).column() : -1;
  }

  @Override
  public BitSet reads(BitSet needed) {
    BitSet reads = new BitSet();
    if (filter != null) {
      java.util.Arrays.stream(filter.columns()).forEach(reads::set);
    }
    for (int p = needed.nextSetBit(0); p >= 0 && p < projections.size(); p = needed.nextSetBit(p + 1)) {
      Projection projection = projections.get(p);
      if (projection.kernel() == null) {
        reads.set(projection.column());
      } else {
        java.util.Arrays.stream(projection.kernel().columns()).forEach(reads::set);
      }
    }
    return reads;
  }

  @Override
  public Stage giving(BitSet needed) {
    return new Calc(filter, projections, Pipeline.narrowed(given, needed));
  }

  @Override
  public Stage.Worker worker(MemoryBudget budget, Runnable check) {
    return new Worker(new Buffers(budget));
  }

  private final class Worker implements Stage.Worker {
    private final Buffers buffers;
    private final ColumnBuffer[] outputs = new ColumnBuffer[projections.size()];
    private MemorySegment selection = MemorySegment.NULL;
    // Given columns all picked as they are: a selection is passed on, not applied. The stage after
    // reads the rows it selects (a join's probe gathers them once, for its pairs; the pipeline's
    // end, once): TPC-H Q21 copied 3.8M filtered lineitem keys before probing with them.
    private final boolean picksOnly = java.util.stream.IntStream.range(0, projections.size())
        .filter(p -> given == null || given.get(p)).allMatch(p -> projections.get(p).kernel() == null);

    Worker(Buffers buffers) {
      this.buffers = buffers;
      java.util.Arrays.setAll(outputs, p -> new ColumnBuffer());
    }

    @Override
    public void process(Batch in, Consumer<Batch> out) {
      if (filter != null) {
        selection = buffers.ensure(selection, 4L * in.rows());
        in = in.withSelection(selection, filter.apply(in, selection));
      }
      if (in.selected() == 0) {
        return;
      }
      Batch projected = null;
      if (!picksOnly && in.selection() != null && in.selected() >= MOST_ROWS * in.rows()) {
        try {
          projected = project(in, Batch.all(in.rows(), in.columns()), true);
        } catch (ArithmeticException e) {
          // on a row the filter dropped (an overflow, a division by zero): the rows it kept decide
        }
      }
      out.accept(projected != null ? projected : project(in, in, picksOnly && in.selection() != null));
    }

    /**
     * The output columns of {@code in}, those computed over the rows of {@code computed}; the
     * picks as they are and the selection passed on if {@code passSelection}, else gathered.
     */
    private Batch project(Batch in, Batch computed, boolean passSelection) {
      Vector[] columns = new Vector[outputs.length];
      for (int p = 0; p < columns.length; p++) {
        if (given != null && !given.get(p)) {
          continue;
        }
        Projection projection = projections.get(p);
        columns[p] = projection.kernel() != null ? compute(outputs[p], projection, computed)
            : in.selection() == null || passSelection ? in.columns()[projection.column()]
            : outputs[p].gather(in.columns()[projection.column()], in.selection(), in.selected(), false, buffers);
      }
      return passSelection ? new Batch(in.rows(), columns, in.selection(), in.selected())
          : Batch.all(in.selected(), columns);
    }

    private Vector compute(ColumnBuffer output, Projection projection, Batch in) {
      output.values = buffers.ensure(output.values, 8L * in.selected());
      output.validity = buffers.ensure(output.validity, in.selected());
      projection.kernel().apply(in, output.values, output.validity);
      return Vector.fixed(projection.type(), output.values, output.validity);
    }

    @Override
    public void close() {
      buffers.close();
    }
  }
}
