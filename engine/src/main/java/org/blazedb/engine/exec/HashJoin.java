package org.blazedb.engine.exec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;
import org.blazedb.engine.kernel.FilterKernel;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.engine.vector.Vector;

/**
 * The probe side of a hash join: each batch's keys are looked up in the {@link JoinTable}, the
 * matching (probe row, build row) pairs are gathered into joined batches (probe columns, then
 * build columns), and the residual condition, if any, narrows them. Rows only one side keeps
 * (outer, semi and anti joins) are pushed after the pairs of their batch; build rows never matched
 * are pushed by {@link Stage.Worker#finish}.
 *
 * @param probeKeys the key columns of the probe batches
 * @param probeTypes the types of the probe batches' columns
 * @param residual a condition over the joined columns that a pair must also meet, or null
 * @param gathered the output columns gathered for the pairs, null for all; the others are left
 *     null (a join's keys, or columns read only by a residual, are seldom read after it)
 * @param buildRowIds whether an INNER join gives one more column, last: each pair's build row (BIGINT),
 *     for a GROUP BY on build columns ({@link BuildRowGrouping})
 */
public record HashJoin(JoinTable table, int[] probeKeys, List<ValueType> probeTypes, JoinType type,
    FilterKernel residual, BitSet gathered, boolean buildRowIds) implements Stage {
  /** Pairs gathered into one joined batch before it is pushed on. */
  private static final int PAIRS = 1 << 16;
  /** Probe rows whose keys are encoded and looked up together: their arrays stay in L1 and L2. */
  private static final int SLICE = 4096;

  public HashJoin {
    probeKeys = probeKeys.clone();
    probeTypes = List.copyOf(probeTypes);
    gathered = gathered == null ? null : (BitSet) gathered.clone();
    if (buildRowIds && type != JoinType.INNER) {
      throw new IllegalArgumentException("build rows are given by INNER joins only, not " + type);
    }
  }

  public HashJoin(JoinTable table, int[] probeKeys, List<ValueType> probeTypes, JoinType type, FilterKernel residual) {
    this(table, probeKeys, probeTypes, type, residual, null, false);
  }

  /** This join giving each pair's build row as well, in a last BIGINT column. */
  HashJoin withBuildRowIds() {
    return new HashJoin(table, probeKeys, probeTypes, type, residual, gathered, true);
  }

  @Override
  public int passes(int column) {
    return !type.buildOnly() && column < probeTypes.size() ? column : -1;
  }

  @Override
  public BitSet reads(BitSet needed) {
    BitSet reads = new BitSet();
    java.util.Arrays.stream(probeKeys).forEach(reads::set);
    if (residual != null) {
      java.util.Arrays.stream(residual.columns()).filter(c -> c < probeTypes.size()).forEach(reads::set);
    }
    if (!type.buildOnly()) { // the probe columns come first in the output
      reads.or(needed.get(0, probeTypes.size()));
    }
    return reads;
  }

  @Override
  public Stage giving(BitSet needed) {
    return new HashJoin(table, probeKeys, probeTypes, type, residual, Pipeline.narrowed(gathered, needed), buildRowIds);
  }

  private boolean gathers(int column) {
    return gathered == null || gathered.get(column);
  }

  @Override
  public List<ValueType> outputTypes() {
    if (type.probeOnly()) {
      return probeTypes;
    }
    if (type.buildOnly()) {
      return table.rows().types();
    }
    List<ValueType> types = new ArrayList<>(probeTypes);
    types.addAll(table.rows().types());
    if (buildRowIds) {
      types.add(ValueType.BIGINT);
    }
    return types;
  }

  @Override
  public boolean finishes() {
    return type.keepsBuildRows();
  }

  @Override
  public Stage.Worker worker(MemoryBudget budget, Runnable check) {
    return new Worker(new Buffers(budget), check);
  }

  private final class Worker implements Stage.Worker {
    private final Buffers buffers;
    private final Runnable check;
    private final KeyEncoder encoder = table.probeEncoder(probeKeys);
    private final boolean keysInColumn = probeKeys.length == 1 && table.readsKeyColumn(probeTypes.get(probeKeys[0]));
    private final boolean keysInTwoColumns = probeKeys.length == 2
        && table.readsPackedColumns(probeTypes.get(probeKeys[0]), probeTypes.get(probeKeys[1]));
    private final ColumnBuffer[] outputs;
    private final boolean trackProbe = type.keepsProbeRows() || type.probeOnly();
    private long[] keys = new long[0];
    private final int[] candidates = new int[SLICE];
    private final long[] hashes = new long[SLICE];
    private final long[] packed = new long[SLICE];
    private final int[] firstRows = new int[SLICE];
    private boolean filtered = true;
    /** Whether the last slice's candidates were under 1/128 of its keys: a branch a key then rarely mispredicts. */
    private boolean sparse;
    private MemorySegment probeRows = MemorySegment.NULL;
    private MemorySegment buildRows = MemorySegment.NULL;
    private MemorySegment selection = MemorySegment.NULL;
    private MemorySegment buildRowValues = MemorySegment.NULL;
    private int[] ordinals = new int[0];
    private byte[] probeMatched = new byte[0];
    private int pairs;
    /** The build row {@link #pairUp} stopped at within a chain, or -1. */
    private int chainRow = -1;
    private final int[] gatheredColumns;

    Worker(Buffers buffers, Runnable check) {
      this.buffers = buffers;
      this.check = check;
      outputs = new ColumnBuffer[probeTypes.size() + table.rows().types().size()];
      java.util.Arrays.setAll(outputs, c -> new ColumnBuffer());
      gatheredColumns = java.util.stream.IntStream.range(0, outputs.length).filter(HashJoin.this::gathers).toArray();
    }

    @Override
    public void process(Batch in, Consumer<Batch> out) {
      int n = in.selected();
      int width = encoder.width();
      if (trackProbe) {
        probeMatched = probeMatched.length >= n ? probeMatched : new byte[n];
        java.util.Arrays.fill(probeMatched, 0, n, (byte) 0);
      }
      boolean firstMatchOnly = type.probeOnly() && residual == null;
      pairs = 0;
      // The keys a slice at a time: a whole batch's (64K rows: 1 MB of keys, 0.75 MB of candidates
      // and hashes) left the core's L2 cache between passes.
      for (int from = 0; from < n; from += SLICE) {
        int slice = Math.min(SLICE, n - from);
        int count;
        Vector[] columns = in.columns();
        boolean packedKeys = keysInTwoColumns && columns[probeKeys[0]].validity() == null
            && columns[probeKeys[1]].validity() == null;
        if (keysInColumn && columns[probeKeys[0]].validity() == null) {
          count = table.candidates(columns[probeKeys[0]], in.selection(), from, slice, candidates, hashes, filtered,
              sparse);
        } else if (packedKeys) {
          count = table.packedCandidates(columns[probeKeys[0]], columns[probeKeys[1]], in.selection(), from, slice,
              candidates, hashes, packed, filtered);
        } else {
          keys = encoder.encode(in, from, slice, keys);
          count = table.candidates(keys, width, slice, candidates, hashes, filtered);
        }
        // A join whose probes mostly match (a foreign key) gains nothing from the filter: stop using it.
        filtered &= count <= slice / 2;
        sparse = count < slice / 128;
        if (packedKeys) {
          table.firstPackedRows(packed, candidates, hashes, count, firstRows);
        } else {
          table.firstRows(keys, width, candidates, hashes, count, firstRows);
        }
        for (int c = 0; c < count; ) {
          c = pairUp(in, from, c, count, firstMatchOnly);
          if (pairs >= PAIRS) {
            flush(in, out);
          }
        }
      }
      flush(in, out);
      if (trackProbe) {
        pushProbeRows(in, out);
      }
    }

    /**
     * Pairs candidates {@code c} to {@code count} of the slice at {@code from} with their build
     * rows until {@link #PAIRS} pairs are held, within a chain too (a join on no keys chains every
     * build row); returns the first candidate not done. A loop of its own, kept apart from the
     * flushes it stops for: the JIT compiles it small and keeps it when a stage downstream of
     * {@link #flush} changes (inlined together, one method took C2 over a second to compile, again
     * at each deoptimization).
     */
    private int pairUp(Batch in, int from, int c, int count, boolean firstMatchOnly) {
      for (; c < count; c++) {
        int i = from + candidates[c];
        int row = chainRow >= 0 ? chainRow : firstRows[c];
        chainRow = -1;
        for (; row >= 0; row = table.next(row)) {
          addPair(in.position(i), row, i);
          if (firstMatchOnly) {
            break;
          }
          if (pairs >= PAIRS) {
            chainRow = table.next(row);
            return chainRow >= 0 ? c : c + 1;
          }
        }
      }
      return count;
    }

    private void addPair(int probeRow, int buildRow, int ordinal) {
      if (4L * (pairs + 1) > probeRows.byteSize()) {
        long size = 4L * Math.max(1024, 2 * pairs);
        probeRows = grow(probeRows, size);
        buildRows = grow(buildRows, size);
        ordinals = java.util.Arrays.copyOf(ordinals, (int) (size / 4));
      }
      probeRows.setAtIndex(ValueLayout.JAVA_INT, pairs, probeRow);
      buildRows.setAtIndex(ValueLayout.JAVA_INT, pairs, buildRow);
      ordinals[pairs++] = ordinal;
    }

    private MemorySegment grow(MemorySegment segment, long size) {
      MemorySegment grown = buffers.ensure(MemorySegment.NULL, size);
      MemorySegment.copy(segment, 0, grown, 0, 4L * pairs);
      return grown;
    }

    /**
     * Pushes the pairs gathered so far that meet the residual, marking what they matched. The
     * residual reads only the columns it needs, gathered for every pair; the pairs that pass are
     * then gathered whole (TPC-H Q7 keeps 1 pair in 300 of 1.8 million, 15 columns wide).
     */
    private void flush(Batch in, Consumer<Batch> out) {
      if (pairs == 0) {
        return;
      }
      check.run(); // when no pair passes, nothing is pushed on, and the pipeline would not check
      if (residual != null) {
        MemorySegment passed = selection = buffers.ensure(selection, 4L * pairs);
        keepPairs(passed, residual.apply(joined(in, residual.columns()), passed));
      }
      if (trackProbe) {
        markProbeRows();
      }
      if (type.keepsBuildRows()) {
        markBuildRows();
      }
      if (!type.probeOnly() && !type.buildOnly() && pairs > 0) {
        out.accept(joined(in, null));
      }
      pairs = 0;
    }

    /** Keeps the pairs listed in {@code passed}, in place (a pair's place is at or after its index there). */
    private void keepPairs(MemorySegment passed, int passing) {
      for (int j = 0; j < passing; j++) {
        int pair = passed.getAtIndex(ValueLayout.JAVA_INT, j);
        probeRows.setAtIndex(ValueLayout.JAVA_INT, j, probeRows.getAtIndex(ValueLayout.JAVA_INT, pair));
        buildRows.setAtIndex(ValueLayout.JAVA_INT, j, buildRows.getAtIndex(ValueLayout.JAVA_INT, pair));
        ordinals[j] = ordinals[pair];
      }
      pairs = passing;
    }

    private void markProbeRows() {
      for (int pair = 0; pair < pairs; pair++) {
        probeMatched[ordinals[pair]] = 1;
      }
    }

    private void markBuildRows() {
      for (int pair = 0; pair < pairs; pair++) {
        table.markMatched(buildRows.getAtIndex(ValueLayout.JAVA_INT, pair));
      }
    }

    /**
     * The pairs' columns {@code columns} (all when null; the others null), probe columns first, and
     * their build rows if {@link #buildRowIds}.
     */
    private Batch joined(Batch in, int[] columns) {
      Vector[] joined = new Vector[outputs.length + (buildRowIds ? 1 : 0)];
      int probeColumns = probeTypes.size();
      Columns build = table.rows();
      for (int c : columns != null ? columns : gatheredColumns) {
        joined[c] = c < probeColumns ? outputs[c].gather(in.columns()[c], probeRows, pairs, false, buffers)
            : outputs[c].gather(build.column(c - probeColumns), buildRows, pairs, false, buffers);
      }
      if (buildRowIds && columns == null) {
        joined[outputs.length] = Vector.fixed(ValueType.BIGINT, pairBuildRowIds(), null);
      }
      return Batch.all(pairs, joined);
    }

    /** The pairs' build rows, widened to BIGINT. */
    private MemorySegment pairBuildRowIds() {
      MemorySegment ids = buildRowValues = buffers.ensure(buildRowValues, 8L * pairs);
      for (int pair = 0; pair < pairs; pair++) {
        ids.setAtIndex(ValueLayout.JAVA_LONG, pair, buildRows.getAtIndex(ValueLayout.JAVA_INT, pair));
      }
      return ids;
    }

    /** Probe rows without a match (LEFT, FULL, ANTI) or with one (SEMI), the build columns NULL. */
    private void pushProbeRows(Batch in, Consumer<Batch> out) {
      selection = buffers.ensure(selection, 4L * in.selected());
      int k = selectProbeRows(in, type == JoinType.SEMI ? (byte) 1 : 0, selection);
      if (k == 0) {
        return;
      }
      if (type.probeOnly()) {
        out.accept(in.withSelection(selection, k));
        return;
      }
      Vector[] columns = java.util.Arrays.copyOf(in.columns(), outputs.length);
      List<ValueType> buildTypes = table.rows().types();
      for (int c = 0; c < buildTypes.size(); c++) {
        columns[probeTypes.size() + c] = outputs[probeTypes.size() + c].nulls(buildTypes.get(c), in.rows(), buffers);
      }
      out.accept(new Batch(in.rows(), columns, selection, k));
    }

    /** Lists in {@code to} the positions of the rows of {@code in} whose match mark is {@code keep}; returns how many. */
    private int selectProbeRows(Batch in, byte keep, MemorySegment to) {
      int k = 0;
      for (int i = 0; i < in.selected(); i++) {
        if (probeMatched[i] == keep) {
          to.setAtIndex(ValueLayout.JAVA_INT, k++, in.position(i));
        }
      }
      return k;
    }

    /**
     * Build rows no probe row matched, the probe columns NULL (RIGHT, FULL); or the build rows
     * alone, those matched (BUILD_SEMI) or not (BUILD_ANTI).
     */
    @Override
    public void finish(Consumer<Batch> out) {
      if (!type.keepsBuildRows()) {
        return;
      }
      Columns build = table.rows();
      boolean matched = type.keepsMatchedBuildRows();
      int buildAt = type.buildOnly() ? 0 : probeTypes.size();
      for (int from = 0; from < build.rows(); from += PAIRS) {
        int count = Math.min(PAIRS, build.rows() - from);
        pairBuildRows(from, count, matched);
        if (pairs == 0) {
          continue;
        }
        Vector[] columns = new Vector[buildAt + build.types().size()];
        for (int c = 0; c < buildAt; c++) {
          columns[c] = outputs[c].nulls(probeTypes.get(c), pairs, buffers);
        }
        for (int c = 0; c < build.types().size(); c++) {
          if (gathers(buildAt + c)) {
            columns[buildAt + c] = outputs[buildAt + c].gather(build.column(c), buildRows, pairs, false, buffers);
          }
        }
        out.accept(Batch.all(pairs, columns));
      }
    }

    /** Makes pairs, without probe rows, of build rows {@code from} to {@code from + count} whose match mark is {@code matched}. */
    private void pairBuildRows(int from, int count, boolean matched) {
      pairs = 0;
      for (int row = from; row < from + count; row++) {
        if (table.matched(row) == matched) {
          addPair(-1, row, 0);
        }
      }
    }

    @Override
    public void close() {
      buffers.close();
    }
  }
}
