package org.blazedb.engine.exec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import org.blazedb.engine.exec.AggregateCall.Function;
import org.blazedb.engine.kernel.AggregateKernel;
import org.blazedb.engine.kernel.AggregateState;
import org.blazedb.engine.kernel.AggregateUpdate;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.Boxing;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.engine.vector.ValueType.Kind;
import org.blazedb.engine.vector.Vector;

/**
 * GROUP BY over dense batches. Each row's keys become longs ({@link KeyEncoder}) and find their
 * group id in a {@link GroupTable}, or in the array of {@link DirectGroups} when their values lie
 * close together (keys of one or two columns); then each aggregate's {@link AggregateKernel} folds
 * the batch into its states. Without GROUP BY there is one group and no look-up at all, so a kernel can sum
 * a column in registers. Each worker thread fills its own aggregator; {@link #merge} combines
 * them. DISTINCT aggregates record (group, value) pairs and are computed from the merged pairs in
 * {@link #rows()}.
 */
public final class HashAggregator implements AggregateResult {
  private static final String OPERATOR = "hash aggregate";
  /** Rows whose keys are encoded and looked up together. */
  private static final int SLICE = 4096;

  private final List<Integer> keys;
  private final List<ValueType> keyTypes;
  private final List<AggregateCall> calls;
  private final MemoryBudget budget;
  private final KeyEncoder encoder;
  private final GroupTable groups;
  private final DirectGroups direct;
  /** One key column whose values are their own key words: {@link DirectGroups#resolve} reads them. */
  private final boolean integerKey;
  private final int width;
  private final Accumulator[] accumulators;
  /** Of each DISTINCT call, its (group, value) pairs: one table for the calls of one column, which the first records. */
  private final GroupTable[] distinctPairs;
  private final boolean[] recordsPairs;
  private long[] rowKeys = new long[0];
  private int[] groupIds = new int[0]; // all 0 without GROUP BY
  // the columns the aggregates read, gathered from batches with a selection (made at the first),
  // and the DISTINCT pairs' values: in the query's memory, since the aggregator outlives its worker
  private ColumnBuffer[] inputs;
  private final Buffers buffers;

  /**
   * @param kernels the update of each call, as {@link AggregateCall#kernels} compiles them (those of
   *     DISTINCT calls fold the distinct values, once they are all known)
   */
  public HashAggregator(List<Integer> keys, List<ValueType> keyTypes, List<AggregateCall> calls,
      List<AggregateKernel> kernels, MemoryBudget budget) {
    this.keys = List.copyOf(keys);
    this.keyTypes = List.copyOf(keyTypes);
    this.calls = List.copyOf(calls);
    this.budget = budget;
    this.buffers = Buffers.ofQuery(budget);
    this.encoder = new KeyEncoder(keys.stream().mapToInt(Integer::intValue).toArray(), keyTypes,
        new StringDictionary(budget, OPERATOR), true);
    this.width = keys.size() + 1;
    this.groups = new GroupTable(width, budget, OPERATOR);
    this.direct = DirectGroups.of(keys.size(), budget);
    this.integerKey = keys.size() == 1
        && keyTypes.get(0).kind() != Kind.VARCHAR && keyTypes.get(0).kind() != Kind.DOUBLE;
    this.accumulators = new Accumulator[calls.size()];
    this.distinctPairs = new GroupTable[calls.size()];
    this.recordsPairs = new boolean[calls.size()];
    for (int i = 0; i < accumulators.length; i++) {
      accumulators[i] = new Accumulator(kernels.get(i), calls.get(i).update());
      if (calls.get(i).distinct()) {
        int input = calls.get(i).input();
        int first = java.util.stream.IntStream.range(0, i)
            .filter(j -> calls.get(j).distinct() && calls.get(j).input() == input).findFirst().orElse(i);
        recordsPairs[i] = first == i;
        distinctPairs[i] = recordsPairs[i] ? new GroupTable(2, budget, OPERATOR + " (DISTINCT)") : distinctPairs[first];
      }
    }
    if (keys.isEmpty()) {
      group(new long[width], 0); // the one group, which exists even over no rows
      ensureStates();
    }
  }

  /**
   * Adds the selected rows of a batch: the keys are read through its selection, the columns the
   * aggregates read gathered first.
   */
  public void add(Batch batch) {
    int n = batch.selected();
    if (groupIds.length < n) {
      groupIds = new int[n];
    }
    int resolved = integerKey && batch.selection() == null ? resolveIntegers(batch.columns()[keys.get(0)], n) : 0;
    // the keys a slice at a time, so that they stay in the core's L2 cache (as a hash join's probe)
    for (int from = keys.isEmpty() ? n : resolved; from < n; from += SLICE) {
      int slice = Math.min(SLICE, n - from);
      rowKeys = encoder.encode(batch, from, slice, rowKeys);
      groupSlice(from, slice);
    }
    ensureStates();
    update(batch.selection() == null ? batch : inputsGathered(batch), n);
  }

  /** The selected rows of the columns the aggregates read, dense; the other columns null. */
  private Batch inputsGathered(Batch batch) {
    if (inputs == null) {
      inputs = new ColumnBuffer[batch.columns().length];
    }
    Vector[] columns = new Vector[batch.columns().length];
    for (AggregateCall call : calls) {
      int c = call.input();
      if (c >= 0 && columns[c] == null) {
        inputs[c] = inputs[c] == null ? new ColumnBuffer() : inputs[c];
        columns[c] = inputs[c].gather(batch.columns()[c], batch.selection(), batch.selected(), false, buffers);
      }
    }
    return Batch.all(batch.selected(), columns);
  }

  /**
   * Group ids of the {@code slice} rows from {@code from}, whose keys are in {@link #rowKeys}. A
   * loop of its own, apart from the kernels {@link #update} calls: a kind of kernel a query calls
   * for the first time (the JIT then deoptimizes their caller) leaves this loop compiled.
   */
  private void groupSlice(int from, int slice) {
    for (int j = 0; j < slice; j++) {
      int at = j * width;
      int id = direct == null ? -1 : direct.find(rowKeys, at);
      if (id >= 0) {
        groupIds[from + j] = id;
      } else if (j > 0 && sameKey(at, at - width)) { // clustered keys (lineitem by order) come in runs
        groupIds[from + j] = groupIds[from + j - 1];
      } else {
        groupIds[from + j] = group(rowKeys, at);
      }
    }
  }

  /** Updates every aggregate's states with the {@code n} rows of {@code batch}, in the groups {@link #groupIds}. */
  private void update(Batch batch, int n) {
    for (int a = 0; a < calls.size(); a++) {
      AggregateCall call = calls.get(a);
      Vector input = call.input() < 0 ? null : batch.columns()[call.input()];
      if (recordsPairs[a]) {
        recordDistinct(a, input, n);
      } else if (!call.distinct()) {
        accumulators[a].kernel.update(input, keys.isEmpty() ? null : groupIds, n, accumulators[a].state);
      }
    }
  }

  /**
   * Group ids of a one-column integer key read straight from its vector, a key not in the direct
   * window grouped on its own (TPC-H Q18 meets 1.5M new order keys in one pass, one every four
   * rows): returns how many rows it resolved, 0 for a column with NULLs, which the encoder takes.
   * Its words are its values, as the encoder would make them.
   */
  private int resolveIntegers(Vector column, int n) {
    if (column.validity() != null) {
      return 0;
    }
    MemorySegment values = column.values();
    long[] key = new long[width];
    for (int i = direct.resolve(column, groupIds, 0, n); i < n; i = direct.resolve(column, groupIds, i + 1, n)) {
      key[0] = values.getAtIndex(ValueLayout.JAVA_LONG, i);
      boolean run = i > 0 && key[0] == values.getAtIndex(ValueLayout.JAVA_LONG, i - 1); // keys hashed come in runs too
      groupIds[i] = run ? groupIds[i - 1] : group(key, 0);
    }
    return n;
  }

  private boolean sameKey(int at, int previous) {
    for (int w = 0; w < width; w++) {
      if (rowKeys[at + w] != rowKeys[previous + w]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The id of the key at {@code key[offset ..]}, found or added: in the direct window if it covers
   * the key. The states of a group added are made by {@link #ensureStates}, once for many groups.
   */
  private int group(long[] key, int offset) {
    if (direct != null && direct.covers(key, offset, groups)) {
      int id = direct.find(key, offset);
      if (id < 0) {
        id = groups.append(key, offset);
        direct.record(key, offset, id);
      }
      return id;
    }
    int id = groups.findOrAdd(key, offset);
    return id >= 0 ? id : -1 - id;
  }

  /** Makes room in every aggregate's states for the groups found so far. */
  private void ensureStates() {
    for (Accumulator acc : accumulators) {
      acc.ensure(groups.size());
    }
  }

  private void recordDistinct(int a, Vector v, int n) {
    long[] pair = new long[2];
    for (int i = 0; i < n; i++) {
      if (v.isValid(i)) {
        pair[0] = groupIds[i];
        pair[1] = encoder.valueKey(v, i);
        distinctPairs[a].findOrAdd(pair, 0);
      }
    }
  }

  /** Adds the groups of {@code other} (another worker's aggregator of the same plan) to these. */
  public void merge(HashAggregator other) {
    merge(other, -1, null);
  }

  /**
   * {@link #merge(HashAggregator)}, the words of integer key {@code rewritten} (none if -1) of
   * {@code other}'s groups passed through {@code rewrite}: groups it maps together become one.
   */
  void merge(HashAggregator other, int rewritten, LongUnaryOperator rewrite) {
    long[] key = new long[width];
    int[] mapped = new int[other.groups.size()];
    for (int g = 0; g < mapped.length; g++) {
      for (int w = 0; w < width; w++) {
        key[w] = other.groups.key(g, w);
      }
      for (int k = 0; k < keys.size(); k++) {
        boolean isNull = (key[width - 1] & (1L << k)) != 0;
        if (!isNull && keyTypes.get(k).kind() == Kind.VARCHAR) {
          key[k] = encoder.translate(key[k], other.encoder);
        }
      }
      if (rewritten >= 0) {
        key[rewritten] = rewrite.applyAsLong(key[rewritten]);
      }
      mapped[g] = group(key, 0);
      ensureStates();
      for (int a = 0; a < calls.size(); a++) {
        if (!calls.get(a).distinct()) {
          accumulators[a].merge(calls.get(a), mapped[g], other.accumulators[a], g);
        }
      }
    }
    long[] pair = new long[2];
    for (int a = 0; a < calls.size(); a++) {
      GroupTable pairs = other.distinctPairs[a];
      if (!recordsPairs[a] || pairs == null) {
        continue;
      }
      boolean varchar = calls.get(a).inputType().kind() == Kind.VARCHAR;
      for (int p = 0; p < pairs.size(); p++) {
        pair[0] = mapped[(int) pairs.key(p, 0)];
        pair[1] = varchar ? encoder.translate(pairs.key(p, 1), other.encoder) : pairs.key(p, 1);
        distinctPairs[a].findOrAdd(pair, 0);
      }
    }
  }

  int groupCount() {
    return groups.size();
  }

  /** Key word {@code k} of group {@code g}: its value, if the key is an integer and not NULL. */
  long keyWord(int g, int k) {
    return groups.key(g, k);
  }

  @Override
  public List<Object[]> rows() {
    finish();
    List<Object[]> rows = new ArrayList<>(groups.size());
    for (int g = 0; g < groups.size(); g++) {
      Object[] row = new Object[keys.size() + calls.size()];
      long nulls = groups.key(g, width - 1);
      for (int k = 0; k < keys.size(); k++) {
        long key = groups.key(g, k);
        ValueType type = keyTypes.get(k);
        row[k] = (nulls & (1L << k)) != 0 ? null
            : type.kind() == Kind.VARCHAR ? encoder.string(key) : Boxing.box(type, key);
      }
      for (int a = 0; a < calls.size(); a++) {
        row[keys.size() + a] = accumulators[a].result(calls.get(a), g);
      }
      rows.add(row);
    }
    return rows;
  }

  /**
   * Appends the result to {@code out}, whose types are the keys' then the aggregates': the rows of
   * {@link #rows}, written as columns without boxing each value (a GROUP BY of TPC-H Q18 has 1.5M
   * groups, of which its HAVING keeps 57).
   */
  @Override
  public void appendTo(Columns out) {
    appendTo(out, (from, n, arena) -> {
      Vector[] columns = new Vector[keys.size()];
      java.util.Arrays.setAll(columns, k -> keyColumn(k, from, n, arena));
      return columns;
    });
  }

  /** The output key columns of groups. */
  interface KeyColumns {
    /** The output key columns of groups {@code from .. from + n}, in {@code arena}. */
    Vector[] of(int from, int n, Arena arena);
  }

  /** {@link #appendTo(Columns)}, with the key columns {@code keyColumns} makes. */
  void appendTo(Columns out, KeyColumns keyColumns) {
    finish();
    out.reserve(groups.size()); // doubling up to 1.5M groups (TPC-H Q18) allocated and cleared 2.8 times their memory
    for (int from = 0; from < groups.size(); from += MaterializedSource.MORSEL) {
      int n = Math.min(MaterializedSource.MORSEL, groups.size() - from);
      try (Arena arena = Arena.ofConfined()) {
        Vector[] keyVectors = keyColumns.of(from, n, arena);
        Vector[] vectors = java.util.Arrays.copyOf(keyVectors, keyVectors.length + calls.size());
        for (int a = 0; a < calls.size(); a++) {
          vectors[keyVectors.length + a] = aggregateColumn(a, from, n, arena);
        }
        out.append(Batch.all(n, vectors));
      }
    }
  }

  /** Key {@code k} of groups {@code from .. from + n}, in {@code arena}. */
  Vector keyColumn(int k, int from, int n, Arena arena) {
    MemorySegment validity = arena.allocate(n);
    for (int i = 0; i < n; i++) {
      validity.set(ValueLayout.JAVA_BYTE, i, (groups.key(from + i, width - 1) & (1L << k)) != 0 ? (byte) 0 : 1);
    }
    if (keyTypes.get(k).kind() != Kind.VARCHAR) {
      MemorySegment values = arena.allocate(8L * n, 8);
      for (int i = 0; i < n; i++) {
        values.setAtIndex(ValueLayout.JAVA_LONG, i, groups.key(from + i, k));
      }
      return Vector.fixed(keyTypes.get(k), values, validity);
    }
    byte[][] strings = new byte[n][];
    long bytes = 0;
    for (int i = 0; i < n; i++) {
      strings[i] = validity.get(ValueLayout.JAVA_BYTE, i) == 0 ? new byte[0]
          : encoder.string(groups.key(from + i, k)).getBytes(StandardCharsets.UTF_8);
      bytes += strings[i].length;
    }
    MemorySegment offsets = arena.allocate(4L * (n + 1), 4);
    MemorySegment data = arena.allocate(Math.max(1, bytes));
    int at = 0;
    for (int i = 0; i < n; i++) {
      offsets.setAtIndex(ValueLayout.JAVA_INT, i, at);
      MemorySegment.copy(strings[i], 0, data, ValueLayout.JAVA_BYTE, at, strings[i].length);
      at += strings[i].length;
    }
    offsets.setAtIndex(ValueLayout.JAVA_INT, n, at);
    return Vector.varchar(offsets, data, validity);
  }

  private Vector aggregateColumn(int a, int from, int n, Arena arena) {
    AggregateCall call = calls.get(a);
    MemorySegment values = arena.allocate(8L * n, 8);
    MemorySegment validity = arena.allocate(n);
    for (int i = 0; i < n; i++) {
      boolean valid = !accumulators[a].isNull(call, from + i);
      validity.set(ValueLayout.JAVA_BYTE, i, valid ? (byte) 1 : 0);
      values.setAtIndex(ValueLayout.JAVA_LONG, i, valid ? accumulators[a].bits(call, from + i) : 0);
    }
    return Vector.fixed(call.resultType(), values, validity);
  }

  /** Folds the DISTINCT aggregates' values, once all are known (after the merges). */
  private void finish() {
    for (int a = 0; a < calls.size(); a++) {
      if (distinctPairs[a] != null) {
        accumulators[a].updateFromPairs(calls.get(a), distinctPairs[a]);
        distinctPairs[a] = null;
      }
    }
  }

  /** One aggregate's states and the kernel that updates them. */
  private final class Accumulator {
    final AggregateState state;
    final AggregateKernel kernel;

    Accumulator(AggregateKernel kernel, AggregateUpdate update) {
      this.kernel = kernel;
      this.state = AggregateState.of(update);
    }

    void ensure(int groupCount) {
      int capacity = state.capacity();
      if (groupCount > capacity) {
        int grown = Math.max(groupCount, Math.max(16, capacity * 2));
        budget.reserve(state.bytesPerGroup() * (grown - capacity), OPERATOR);
        state.grow(grown);
      }
    }

    void merge(AggregateCall call, int g, Accumulator from, int og) {
      long[] count = state.count();
      long[] low = state.low();
      double[] doubles = state.doubles();
      if (from.state.count()[og] == 0) {
        return;
      }
      boolean isDouble = call.input() >= 0 && call.inputType().kind() == Kind.DOUBLE;
      switch (call.function()) {
        case COUNT -> { }
        case SUM, SUM0, AVG -> {
          if (isDouble) {
            doubles[g] += from.state.doubles()[og];
          } else {
            state.add128(g, from.state.high()[og], from.state.low()[og]);
          }
        }
        case MIN, MAX -> {
          boolean min = call.function() == Function.MIN;
          if (isDouble) {
            double d = from.state.doubles()[og];
            if (count[g] == 0 || (min ? d < doubles[g] : d > doubles[g])) {
              doubles[g] = d;
            }
          } else {
            long l = from.state.low()[og];
            if (count[g] == 0 || (min ? l < low[g] : l > low[g])) {
              low[g] = l;
            }
          }
        }
      }
      count[g] += from.state.count()[og];
    }

    /**
     * Applies the distinct (group, value) pairs, once each, through the call's kernel. The values
     * lie in the query's memory: a segment of its own, fresh from the C library each time, took
     * 230 page faults a run of TPC-H Q16 (118,000 pairs, 6% of the query).
     */
    void updateFromPairs(AggregateCall call, GroupTable pairs) {
      int n = pairs.size();
      int[] pairGroups = new int[n];
      // as KeyEncoder keeps them: DOUBLE by its bits, strings as keys COUNT never reads
      MemorySegment values = buffers.ensure(MemorySegment.NULL, 8L * Math.max(1, n));
      for (int p = 0; p < n; p++) {
        pairGroups[p] = (int) pairs.key(p, 0);
        values.setAtIndex(ValueLayout.JAVA_LONG, p, pairs.key(p, 1));
      }
      ValueType type = call.inputType().kind() == Kind.DOUBLE ? ValueType.DOUBLE : ValueType.BIGINT;
      kernel.update(Vector.fixed(type, values, null), pairGroups, n, state);
    }

    boolean isNull(AggregateCall call, int g) {
      return state.count()[g] == 0 && call.function() != Function.COUNT && call.function() != Function.SUM0;
    }

    /**
     * The non-null result of group {@code g} as {@link Boxing#unbox} holds it: read from the
     * state when it is a BIGINT, a DECIMAL of the input's scale that fits 64 bits, or a DOUBLE of
     * DOUBLE input; through {@link #result} otherwise.
     */
    long bits(AggregateCall call, int g) {
      ValueType type = call.resultType();
      Function function = call.function();
      if (function == Function.COUNT) {
        return state.count()[g];
      }
      boolean doubleInput = call.inputType().kind() == Kind.DOUBLE; // the state's values are in doubles, else in low
      if (function != Function.AVG && doubleInput && type.kind() == Kind.DOUBLE) {
        return Double.doubleToRawLongBits(state.doubles()[g]);
      }
      boolean sameScale = type.kind() == call.inputType().kind() && type.scale() == call.inputType().scale();
      if (!doubleInput && sameScale) {
        long low = state.low()[g];
        if (type.kind() == Kind.BIGINT || (type.kind() == Kind.DECIMAL
            && (function == Function.MIN || function == Function.MAX || state.high()[g] == low >> 63))) {
          return low;
        }
      }
      try {
        return Boxing.unbox(type, result(call, g));
      } catch (ArithmeticException e) { // a column holds DECIMAL values of 64 bits
        throw new ArithmeticException("DECIMAL overflow (more than 18 digits) in " + function);
      }
    }

    Object result(AggregateCall call, int g) {
      ValueType type = call.resultType();
      long count = state.count()[g];
      if (call.function() == Function.COUNT) {
        return Boxing.box(type, count);
      }
      if (count == 0 && call.function() != Function.SUM0) {
        return null;
      }
      if (call.function() == Function.AVG) { // of DOUBLE values only (AggregateCall)
        return state.doubles()[g] / count;
      }
      if (call.inputType().kind() == Kind.DOUBLE) {
        return state.doubles()[g];
      }
      long low = state.low()[g];
      if (type.kind() == Kind.DECIMAL && call.function() != Function.MIN && call.function() != Function.MAX) {
        BigInteger unscaled = BigInteger.valueOf(state.high()[g]).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(low)));
        return new BigDecimal(unscaled, call.inputType().scale()).setScale(type.scale());
      }
      if (type.kind() == Kind.DECIMAL) {
        return BigDecimal.valueOf(low, call.inputType().scale()).setScale(type.scale());
      }
      if (type.kind() == Kind.DOUBLE) {
        return (double) low / org.blazedb.engine.expr.Exprs.POWERS[call.inputType().scale()];
      }
      return Boxing.box(type, low);
    }
  }
}
