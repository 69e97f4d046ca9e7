package org.blazedb.calcite;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.blazedb.engine.exec.AggregateCall;
import org.blazedb.engine.exec.HashAggregator;
import org.blazedb.engine.exec.MemoryBudget;
import org.blazedb.engine.exec.Morsels;
import org.blazedb.engine.exec.Pipeline;
import org.blazedb.engine.expr.Expr;
import org.blazedb.engine.kernel.FilterKernel;
import org.blazedb.engine.kernel.KernelBackend;
import org.blazedb.engine.kernel.ProjectKernel;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.storage.blz.BlzBatchSource;
import org.blazedb.storage.blz.ColumnNode;
import org.blazedb.storage.blz.PhysicalColumn;
import org.blazedb.storage.blz.TableSnapshot;

/**
 * What a {@link BlazeVectorRel} runs: scan, filter, projections and an optional hash aggregate
 * over one BLZ table, with its kernels compiled. Its rows are the one place where the engine's
 * batches become Calcite's rows.
 *
 * @param fieldTypes the engine type of each scanned field (null for fields the engine cannot read)
 * @param filter the predicate over the scanned fields, or null
 * @param projections the output (or the aggregate's input) columns, over the scanned fields
 * @param aggregate the grouping, or null
 */
public record VectorPlan(BlazeTable table, ScanSpec spec, List<ValueType> fieldTypes, Expr filter, List<Expr> projections,
    Aggregation aggregate, ExecutionOptions options, FilterKernel filterKernel, List<ProjectKernel> projectKernels) {

  /** GROUP BY {@code keys} (projection numbers) computing {@code calls} over projections. */
  record Aggregation(List<Integer> keys, List<AggregateCall> calls) {}

  /** The plan with its kernels compiled by {@code backend} (the reference takes what it declines). */
  static VectorPlan compile(BlazeTable table, ScanSpec spec, List<ValueType> fieldTypes, Expr filter,
      List<Expr> projections, Aggregation aggregate, ExecutionOptions options) {
    KernelBackend backend = KernelBackends.get(options.backendFor(table.blz().snapshot().rows()));
    FilterKernel filterKernel = filter == null ? null : KernelBackends.filter(backend, filter);
    List<ProjectKernel> kernels = new ArrayList<>();
    for (Expr e : projections) {
      kernels.add(e instanceof Expr.ColumnRef ? null : KernelBackends.project(backend, e));
    }
    return new VectorPlan(table, spec, fieldTypes, filter, projections, aggregate, options, filterKernel, kernels);
  }

  /** The backends that compiled the kernels, for EXPLAIN: "llvm", "java", or "llvm+java". */
  String backends() {
    java.util.Set<String> names = new java.util.TreeSet<>(java.util.Comparator.reverseOrder());
    if (filterKernel != null) {
      names.add(filterKernel.backend());
    }
    projectKernels.stream().filter(java.util.Objects::nonNull).forEach(k -> names.add(k.backend()));
    return names.isEmpty() ? "none" : String.join("+", names);
  }

  /** The rows (an Object[] each, or the bare value when there is one column), in Calcite's representation. */
  public Enumerable<Object> rows(DataContext root) {
    boolean scalar = (aggregate == null ? projections.size() : aggregate.keys().size() + aggregate.calls().size()) == 1;
    return Stopping.wrap(root, new AbstractEnumerable<>() {
      private TableSnapshot snapshot; // taken once: a correlated subquery walks the rows again per outer row

      @Override
      public Enumerator<Object> enumerator() {
        if (snapshot == null) {
          snapshot = table.blz().snapshot();
        }
        Runnable check = Stopping.check(root);
        Pipeline pipeline = pipeline(snapshot);
        MemoryBudget budget = new MemoryBudget(options.memoryLimitBytes());
        if (aggregate != null) {
          List<ValueType> types = pipeline.outputTypes();
          List<Object[]> rows = Morsels.aggregate(pipeline, () -> new HashAggregator(aggregate.keys(),
              aggregate.keys().stream().map(types::get).toList(), aggregate.calls(), budget), options.threads(), budget, check);
          return Linq4j.enumerator(scalar ? rows.stream().map(r -> r[0]).toList() : new ArrayList<Object>(rows));
        }
        return new RowEnumerator(Morsels.rows(pipeline, options.threads(), budget, check), scalar);
      }
    });
  }

  private Pipeline pipeline(TableSnapshot snapshot) {
    ColumnNode.Struct root = table.blz().layout().root();
    java.util.BitSet used = new java.util.BitSet();
    if (filter != null) {
      columnsOf(filter, used);
    }
    projections.forEach(e -> columnsOf(e, used));
    if (used.isEmpty() && !fieldTypes.isEmpty()) {
      used.set(0); // COUNT(*) needs the row count of each chunk: read the first column
    }
    List<PhysicalColumn> columns = new ArrayList<>();
    for (int f = 0; f < spec.fields().length; f++) {
      columns.add(used.get(f) ? table.blz().layout().column(root.children().get(spec.fields()[f]).path()) : null);
    }
    String anyColumn = columns.stream().filter(java.util.Objects::nonNull).findFirst().orElseThrow().path();
    int[] chunks = BlazeTable.chunksToRead(snapshot, spec.zone(), anyColumn);
    BlzBatchSource source = new BlzBatchSource(snapshot, columns, fieldTypes, chunks);
    List<Pipeline.Projection> outputs = new ArrayList<>();
    for (int p = 0; p < projections.size(); p++) {
      Expr e = projections.get(p);
      outputs.add(e instanceof Expr.ColumnRef ref ? Pipeline.Projection.of(ref.column(), ref.type())
          : Pipeline.Projection.of(projectKernels.get(p), e.type()));
    }
    return new Pipeline(source, filterKernel, outputs);
  }

  private static void columnsOf(Expr e, java.util.BitSet used) {
    switch (e) {
      case Expr.ColumnRef r -> used.set(r.column());
      case Expr.Call c -> c.operands().forEach(o -> columnsOf(o, used));
      case Expr.Literal l -> { }
    }
  }

  /** Rows from the engine's iterator; closing stops its workers. */
  private static final class RowEnumerator implements Enumerator<Object> {
    private final Morsels.RowIterator rows;
    private final boolean scalar;
    private Object current;

    RowEnumerator(Morsels.RowIterator rows, boolean scalar) {
      this.rows = rows;
      this.scalar = scalar;
    }

    @Override
    public Object current() {
      return current;
    }

    @Override
    public boolean moveNext() {
      if (!rows.hasNext()) {
        return false;
      }
      Object[] row = rows.next();
      current = scalar ? row[0] : row;
      return true;
    }

    @Override
    public void reset() {
      throw new UnsupportedOperationException("a scan cannot be restarted");
    }

    @Override
    public void close() {
      rows.close();
    }
  }
}
