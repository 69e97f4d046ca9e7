package org.blazedb.engine.exec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.blazedb.engine.kernel.AggregateKernel;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.Boxing;
import org.blazedb.engine.vector.Utf8;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.engine.vector.Vector;

/**
 * A GROUP BY on strings that the pipeline's last hash join gathers from its build side, grouped
 * by the build row they come from. TPC-H Q10 groups 115,000 order lines by their customer's name,
 * address, phone and comment: gathering and interning those strings for every line, and again to
 * merge the workers' groups, was half of the query. The join instead gives each pair's build row
 * (one integer; the strings are not gathered), and the workers group their rows by it. Merging
 * their groups, each build row is replaced by the first one holding the same values in those
 * columns (an order's customer is another order's), so equal keys make one group; the strings are
 * read from the build side only for the groups' output. It pays when a build row is matched many
 * times, which a build side much smaller than the probe's table suggests.
 */
final class BuildRowGrouping {
  /** The probe's table must have this many times the build side's rows. */
  private static final long PROBE_ROWS_PER_BUILD_ROW = 4;
  /**
   * The build rows must hold few rows per value of the key columns (a row's value is that of this
   * many rows, on average; estimated): grouping by row then makes few groups per group of values.
   * TPC-H Q10's orders of a quarter hold 1.5 per customer on average (2.0 by this measure), Q16's
   * parts 1.6 per brand, type and size (2.1); Q9's nation names, 25 values over 320,000 build rows,
   * would make 320,000 groups for 175.
   */
  private static final double MAX_ROWS_PER_VALUE = 3;
  /** Build rows sampled to estimate their rows per value. */
  private static final int SAMPLE = 2048;

  private final Pipeline byRows;
  private final JoinTable table;
  private final List<Integer> keys;
  /** Of each key, the build column it is, or -1. */
  private final int[] buildColumns;
  /** The keys of the grouping by row: those not of the build side, then the build row. */
  private final List<Integer> rowKeys;
  /** Of each key not of the build side, its place in {@link #rowKeys}; -1 for the others. */
  private final int[] rowKeyOf;

  private BuildRowGrouping(Pipeline byRows, JoinTable table, List<Integer> keys, int[] buildColumns) {
    this.byRows = byRows;
    this.table = table;
    this.keys = List.copyOf(keys);
    this.buildColumns = buildColumns;
    List<Integer> rowKeys = new ArrayList<>();
    rowKeyOf = new int[keys.size()];
    for (int k = 0; k < keys.size(); k++) {
      rowKeyOf[k] = buildColumns[k] >= 0 ? -1 : rowKeys.size();
      if (buildColumns[k] < 0) {
        rowKeys.add(keys.get(k));
      }
    }
    rowKeys.add(byRows.outputTypes().size() - 1);
    this.rowKeys = List.copyOf(rowKeys);
  }

  /**
   * For a GROUP BY on the output columns {@code keys} of {@code pipeline}; null unless its last hash
   * join is INNER, only filters and projections follow it, and some keys are VARCHAR columns of
   * its build side, passed on unchanged.
   */
  static BuildRowGrouping of(Pipeline pipeline, List<Integer> keys) {
    List<Stage> stages = pipeline.stages();
    int at = stages.size() - 1;
    while (at >= 0 && stages.get(at) instanceof Calc) {
      at--;
    }
    if (at < 0 || !(stages.get(at) instanceof HashJoin join) || join.type() != JoinType.INNER || join.buildRowIds()
        || PROBE_ROWS_PER_BUILD_ROW * join.table().rows().rows() > pipeline.source().rows()) {
      return null;
    }
    int probeColumns = join.probeTypes().size();
    Columns build = join.table().rows();
    int[] buildColumns = new int[keys.size()];
    boolean strings = false;
    for (int k = 0; k < keys.size(); k++) {
      int column = keys.get(k);
      for (int s = stages.size() - 1; s > at && column >= 0; s--) {
        column = stages.get(s).passes(column);
      }
      // DOUBLE keys are not compared by their values' bits (-0.0 is 0.0): they are gathered as they were
      boolean byRow = column >= probeColumns && build.column(column - probeColumns) != null
          && build.types().get(column - probeColumns).kind() != ValueType.Kind.DOUBLE;
      buildColumns[k] = byRow ? column - probeColumns : -1;
      strings |= buildColumns[k] >= 0 && build.types().get(buildColumns[k]).kind() == ValueType.Kind.VARCHAR;
    }
    if (!strings || new KeyValues(build, buildColumns).rowsPerValue() > MAX_ROWS_PER_VALUE) {
      return null;
    }
    return new BuildRowGrouping(withBuildRows(pipeline, at), join.table(), keys, buildColumns);
  }

  /** The pipeline with the join at {@code at} giving its build rows, and the stages after it passing them on, last. */
  private static Pipeline withBuildRows(Pipeline pipeline, int at) {
    List<Stage> stages = new ArrayList<>(pipeline.stages());
    HashJoin join = ((HashJoin) stages.get(at)).withBuildRowIds();
    stages.set(at, join);
    int rows = join.outputTypes().size() - 1;
    for (int s = at + 1; s < stages.size(); s++) {
      Calc calc = (Calc) stages.get(s);
      List<Calc.Projection> projections = new ArrayList<>(calc.projections());
      projections.add(Calc.Projection.of(rows, ValueType.BIGINT));
      rows = projections.size() - 1;
      BitSet given = calc.given() == null ? null : (BitSet) calc.given().clone();
      if (given != null) {
        given.set(rows);
      }
      stages.set(s, new Calc(calc.filter(), projections, given));
    }
    return new Pipeline(pipeline.source(), stages);
  }

  /** The aggregates of {@code calls} by the keys, on {@code threads} workers. */
  AggregateResult aggregate(List<AggregateCall> calls, List<AggregateKernel> kernels, int threads, MemoryBudget budget,
      Runnable check) {
    BitSet read = new BitSet();
    rowKeys.forEach(read::set);
    calls.stream().filter(c -> c.input() >= 0).forEach(c -> read.set(c.input()));
    Pipeline pipeline = byRows.readingOnly(read);
    List<ValueType> types = rowKeys.stream().map(pipeline.outputTypes()::get).toList();
    Supplier<HashAggregator> aggregators = () -> new HashAggregator(rowKeys, types, calls, kernels, budget);
    List<HashAggregator> partials = Morsels.run(pipeline, aggregators, HashAggregator::add, true, threads, budget, check);
    HashAggregator merged = aggregators.get();
    int rowKey = rowKeys.size() - 1;
    BitSet rows = new BitSet(table.rows().rows());
    for (HashAggregator partial : partials) {
      for (int g = 0; g < partial.groupCount(); g++) {
        rows.set((int) partial.keyWord(g, rowKey));
      }
    }
    FirstRows firstRows = new FirstRows(new KeyValues(table.rows(), buildColumns), rows, budget);
    for (HashAggregator partial : partials) {
      check.run();
      merged.merge(partial, rowKey, row -> firstRows.of((int) row));
    }
    return new Result(merged, budget);
  }

  /** The values of the build side's key columns, by row. */
  private static final class KeyValues {
    private final Vector[] columns;
    private final int rows;

    KeyValues(Columns build, int[] buildColumns) {
      columns = Arrays.stream(buildColumns).filter(c -> c >= 0).mapToObj(build::column).toArray(Vector[]::new);
      rows = build.rows();
    }

    /** Row {@code row}'s value of {@code v}: equal values hash alike. */
    static int hash(Vector v, int row) {
      return !v.isValid(row) ? 1
          : v.type().kind() == ValueType.Kind.VARCHAR ? StringDictionary.hash(v.data(), v.start(row), v.end(row) - v.start(row))
          : GroupTable.mix(v.getLong(row));
    }

    /** Folds column {@code v}'s hash into the hash {@code h} of the columns before it. */
    static int fold(int h, int valueHash) {
      return 31 * h + valueHash;
    }

    boolean sameValues(int a, int b) {
      for (Vector v : columns) {
        if (v.isValid(a) != v.isValid(b)) {
          return false;
        }
        if (v.isValid(a) && !(v.type().kind() == ValueType.Kind.VARCHAR ? Utf8.equal(v, a, v, b) : v.getLong(a) == v.getLong(b))) {
          return false;
        }
      }
      return true;
    }

    /**
     * The rows per distinct value, as a row sees it (the mean, over the rows, of how many rows
     * hold its value), estimated from the pairs of {@link #SAMPLE} distinct rows drawn at random
     * that hold the same values: with {@code c} rows to a value, a pair of rows does with
     * probability {@code (c - 1) / (rows - 1)}. Exact when every row is drawn (up to twice the
     * sample); noisy for a large build side, whose sample holds few such pairs.
     */
    double rowsPerValue() {
      int n = rows <= 2 * SAMPLE ? rows : SAMPLE;
      if (n < 2) {
        return 1;
      }
      SplittableRandom random = new SplittableRandom(rows);
      BitSet drawn = new BitSet(rows);
      Map<Integer, Integer> counts = new HashMap<>();
      for (int i = 0; i < n; i++) {
        int row = i;
        if (n < rows) {
          do {
            row = random.nextInt(rows);
          } while (drawn.get(row));
          drawn.set(row);
        }
        int h = 0;
        for (Vector v : columns) {
          h = fold(h, hash(v, row));
        }
        counts.merge(h, 1, Integer::sum);
      }
      double pairs = counts.values().stream().mapToDouble(c -> c * (c - 1) / 2.0).sum();
      return 1 + pairs * (rows - 1) / (n * (n - 1) / 2.0);
    }
  }

  /**
   * Of each build row, the first one seen with the same values in the key columns; an open
   * addressing table of rows by the hash of those values.
   */
  private static final class FirstRows {
    private final KeyValues values;
    /** Of each build row, the hash of its values if it is looked up. */
    private final int[] hashes;
    private final int[] slots; // row + 1; 0 when empty

    /** For the build rows {@code rows}. */
    FirstRows(KeyValues values, BitSet rows, MemoryBudget budget) {
      this.values = values;
      int size = Integer.highestOneBit(Math.max(16, 2 * rows.cardinality())) << 1;
      budget.reserve(4L * (size + values.rows), "hash aggregate (build rows)");
      slots = new int[size];
      hashes = new int[values.rows];
      // column by column, the rows in order: their values lie apart in memory, and read row by row,
      // each row waited on its cache misses (49,000 customers' strings of TPC-H Q10: 600 ns a row)
      for (Vector v : values.columns) {
        for (int row = rows.nextSetBit(0); row >= 0; row = rows.nextSetBit(row + 1)) {
          hashes[row] = KeyValues.fold(hashes[row], KeyValues.hash(v, row));
        }
      }
    }

    int of(int row) {
      int mask = slots.length - 1;
      for (int slot = GroupTable.mix(hashes[row]) & mask; ; slot = (slot + 1) & mask) {
        int first = slots[slot] - 1;
        if (first < 0) {
          slots[slot] = row + 1;
          return row;
        }
        if (hashes[first] == hashes[row] && values.sameValues(first, row)) {
          return first;
        }
      }
    }
  }

  /** The merged groups, their build row's key columns read from the build side. */
  private final class Result implements AggregateResult {
    private final HashAggregator byRow;
    private final MemoryBudget budget;

    Result(HashAggregator byRow, MemoryBudget budget) {
      this.byRow = byRow;
      this.budget = budget;
    }

    @Override
    public List<Object[]> rows() {
      Columns build = table.rows();
      Vector[] columns = Arrays.stream(buildColumns).mapToObj(c -> c >= 0 ? build.column(c) : null).toArray(Vector[]::new);
      int rowKey = rowKeys.size() - 1;
      List<Object[]> rows = new ArrayList<>();
      for (Object[] grouped : byRow.rows()) {
        Object[] row = new Object[keys.size() + grouped.length - rowKeys.size()];
        int buildRow = (int) (long) (Long) grouped[rowKey];
        for (int k = 0; k < keys.size(); k++) {
          row[k] = columns[k] != null ? Boxing.get(columns[k], buildRow) : grouped[rowKeyOf[k]];
        }
        System.arraycopy(grouped, rowKeys.size(), row, keys.size(), grouped.length - rowKeys.size());
        rows.add(row);
      }
      return rows;
    }

    @Override
    public void appendTo(Columns out) {
      Columns build = table.rows();
      int rowKey = rowKeys.size() - 1;
      ColumnBuffer[] gathered = new ColumnBuffer[keys.size()];
      Arrays.setAll(gathered, k -> new ColumnBuffer());
      try (Buffers buffers = new Buffers(budget)) {
        byRow.appendTo(out, (from, n, arena) -> {
          MemorySegment rows = arena.allocate(4L * n, 4);
          for (int g = 0; g < n; g++) {
            rows.setAtIndex(ValueLayout.JAVA_INT, g, (int) byRow.keyWord(from + g, rowKey));
          }
          Vector[] columns = new Vector[keys.size()];
          for (int k = 0; k < columns.length; k++) {
            columns[k] = !out.keeps(k) ? null
                : buildColumns[k] >= 0 ? gathered[k].gather(build.column(buildColumns[k]), rows, n, false, buffers)
                : byRow.keyColumn(rowKeyOf[k], from, n, arena);
          }
          return columns;
        });
      }
    }

    /**
     * A top-N whose order reads no column of the build side: the groups are chosen without those
     * columns, which are then gathered for the groups kept alone (TPC-H Q10's first 20 of 38,000
     * groups: the names, addresses and comments of all of them took a sixth of the query).
     */
    @Override
    public Columns sorted(OrderBy order, List<ValueType> types, MemoryBudget budget) {
      BitSet fromBuild = new BitSet();
      for (int k = 0; k < keys.size(); k++) {
        fromBuild.set(k, buildColumns[k] >= 0);
      }
      if (!order.selectsFew(byRow.groupCount()) || order.keys().stream().anyMatch(key -> fromBuild.get(key.column()))) {
        return AggregateResult.super.sorted(order, types, budget);
      }
      BitSet kept = new BitSet();
      kept.set(0, types.size());
      kept.andNot(fromBuild);
      Columns groups = new Columns(types, kept, budget, "sort", byRow.groupCount()); // a row per group, in order
      appendTo(groups);
      int[] selected = order.selected(groups, budget);
      Columns sorted = new Columns(types, budget, "sort");
      try (Buffers buffers = new Buffers(budget)) {
        MemorySegment positions = buffers.ensure(MemorySegment.NULL, 4L * Math.max(1, selected.length));
        MemorySegment buildRows = buffers.ensure(MemorySegment.NULL, 4L * Math.max(1, selected.length));
        int rowKey = rowKeys.size() - 1;
        for (int i = 0; i < selected.length; i++) {
          positions.setAtIndex(ValueLayout.JAVA_INT, i, selected[i]);
          buildRows.setAtIndex(ValueLayout.JAVA_INT, i, (int) byRow.keyWord(selected[i], rowKey));
        }
        Batch all = groups.batch(0, groups.rows());
        Vector[] columns = new Vector[types.size()];
        for (int c = 0; c < columns.length; c++) {
          columns[c] = fromBuild.get(c)
              ? new ColumnBuffer().gather(table.rows().column(buildColumns[c]), buildRows, selected.length, false, buffers)
              : new ColumnBuffer().gather(all.columns()[c], positions, selected.length, false, buffers);
        }
        sorted.append(Batch.all(selected.length, columns));
      }
      groups.release();
      return sorted;
    }
  }
}
