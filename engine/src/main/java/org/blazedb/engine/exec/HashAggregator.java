package org.blazedb.engine.exec;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.blazedb.engine.exec.AggregateCall.Function;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.Boxing;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.engine.vector.ValueType.Kind;
import org.blazedb.engine.vector.Vector;

/**
 * GROUP BY over dense batches. Each row's keys become longs ({@link KeyEncoder}) and find their
 * group id in a {@link GroupTable}; the
 * aggregates are then updated one aggregate at a time in tight loops over the batch. Each worker
 * thread fills its own aggregator; {@link #merge} combines them. DISTINCT aggregates record
 * (group, value) pairs and are computed from the merged pairs in {@link #rows()}.
 */
public final class HashAggregator {
  private static final String OPERATOR = "hash aggregate";

  private final List<Integer> keys;
  private final List<ValueType> keyTypes;
  private final List<AggregateCall> calls;
  private final MemoryBudget budget;
  private final KeyEncoder encoder;
  private final GroupTable groups;
  private final int width;
  private final Accumulator[] accumulators;
  private final GroupTable[] distinctPairs;
  private long[] rowKeys = new long[0];
  private int[] groupIds = new int[0];

  public HashAggregator(List<Integer> keys, List<ValueType> keyTypes, List<AggregateCall> calls, MemoryBudget budget) {
    this.keys = List.copyOf(keys);
    this.keyTypes = List.copyOf(keyTypes);
    this.calls = List.copyOf(calls);
    this.budget = budget;
    this.encoder = new KeyEncoder(keys.stream().mapToInt(Integer::intValue).toArray(), keyTypes,
        new StringDictionary(budget, OPERATOR), true);
    this.width = keys.size() + 1;
    this.groups = new GroupTable(width, budget, OPERATOR);
    this.accumulators = new Accumulator[calls.size()];
    this.distinctPairs = new GroupTable[calls.size()];
    for (int i = 0; i < accumulators.length; i++) {
      accumulators[i] = new Accumulator();
      if (calls.get(i).distinct()) {
        distinctPairs[i] = new GroupTable(2, budget, OPERATOR + " (DISTINCT)");
      }
    }
  }

  /** Adds the rows of a dense batch (no selection). */
  public void add(Batch batch) {
    int n = batch.rows();
    rowKeys = encoder.encode(batch, rowKeys);
    if (groupIds.length < n) {
      groupIds = new int[n];
    }
    for (int i = 0; i < n; i++) {
      groupIds[i] = group(rowKeys, i * width);
    }
    for (int a = 0; a < calls.size(); a++) {
      AggregateCall call = calls.get(a);
      Vector input = call.input() < 0 ? null : batch.columns()[call.input()];
      if (call.distinct()) {
        recordDistinct(a, input, n);
      } else {
        accumulators[a].update(call, input, groupIds, n);
      }
    }
  }

  private int group(long[] key, int offset) {
    int id = groups.findOrAdd(key, offset);
    if (id < 0) {
      id = -1 - id;
      for (Accumulator acc : accumulators) {
        acc.ensure(id + 1);
      }
    }
    return id;
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
      mapped[g] = group(key, 0);
      for (int a = 0; a < calls.size(); a++) {
        if (!calls.get(a).distinct()) {
          accumulators[a].merge(calls.get(a), mapped[g], other.accumulators[a], g);
        }
      }
    }
    long[] pair = new long[2];
    for (int a = 0; a < calls.size(); a++) {
      GroupTable pairs = other.distinctPairs[a];
      if (pairs == null) {
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

  /** The result: one row per group, its keys then its aggregates, as {@link Boxing} values. */
  public List<Object[]> rows() {
    if (keys.isEmpty() && groups.size() == 0) {
      group(new long[width], 0); // an aggregate without GROUP BY has one row, even over no rows
    }
    for (int a = 0; a < calls.size(); a++) {
      if (distinctPairs[a] != null) {
        accumulators[a].updateFromPairs(calls.get(a), distinctPairs[a]);
      }
    }
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
   * The state of one aggregate for every group: {@code count} of values seen; {@code low} the
   * integer sum, minimum or maximum ({@code high} holds the upper 64 bits of a DECIMAL sum, which
   * is kept in 128 bits); {@code doubles} the DOUBLE sum, minimum or maximum.
   */
  private final class Accumulator {
    long[] count = new long[0];
    long[] low = new long[0];
    long[] high = new long[0];
    double[] doubles = new double[0];

    void ensure(int groupCount) {
      if (groupCount <= count.length) {
        return;
      }
      int capacity = Math.max(groupCount, Math.max(16, count.length * 2));
      budget.reserve(32L * (capacity - count.length), OPERATOR);
      count = java.util.Arrays.copyOf(count, capacity);
      low = java.util.Arrays.copyOf(low, capacity);
      high = java.util.Arrays.copyOf(high, capacity);
      doubles = java.util.Arrays.copyOf(doubles, capacity);
    }

    /** One loop per kind of update, so the row loop has no switch in it. */
    void update(AggregateCall call, Vector v, int[] gids, int n) {
      if (v == null) { // COUNT(*)
        for (int i = 0; i < n; i++) {
          count[gids[i]]++;
        }
        return;
      }
      MemorySegment valid = v.validity();
      MemorySegment values = v.values();
      boolean isDouble = v.type().kind() == Kind.DOUBLE;
      switch (call.function()) {
        case COUNT -> {
          for (int i = 0; i < n; i++) {
            if (valid == null || valid.get(ValueLayout.JAVA_BYTE, i) != 0) {
              count[gids[i]]++;
            }
          }
        }
        case SUM, SUM0, AVG -> {
          if (isDouble) {
            for (int i = 0; i < n; i++) {
              if (valid == null || valid.get(ValueLayout.JAVA_BYTE, i) != 0) {
                doubles[gids[i]] += values.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
                count[gids[i]]++;
              }
            }
          } else if (v.type().kind() == Kind.DECIMAL) {
            for (int i = 0; i < n; i++) {
              if (valid == null || valid.get(ValueLayout.JAVA_BYTE, i) != 0) {
                add128(gids[i], values.getAtIndex(ValueLayout.JAVA_LONG, i));
                count[gids[i]]++;
              }
            }
          } else {
            for (int i = 0; i < n; i++) {
              if (valid == null || valid.get(ValueLayout.JAVA_BYTE, i) != 0) {
                low[gids[i]] += values.getAtIndex(ValueLayout.JAVA_LONG, i);
                count[gids[i]]++;
              }
            }
          }
        }
        case MIN, MAX -> {
          boolean min = call.function() == Function.MIN;
          for (int i = 0; i < n; i++) {
            if (valid != null && valid.get(ValueLayout.JAVA_BYTE, i) == 0) {
              continue;
            }
            int g = gids[i];
            if (isDouble) {
              double d = values.getAtIndex(ValueLayout.JAVA_DOUBLE, i);
              if (count[g] == 0 || (min ? d < doubles[g] : d > doubles[g])) {
                doubles[g] = d;
              }
            } else {
              long l = values.getAtIndex(ValueLayout.JAVA_LONG, i);
              if (count[g] == 0 || (min ? l < low[g] : l > low[g])) {
                low[g] = l;
              }
            }
            count[g]++;
          }
        }
      }
    }

    private void add128(int g, long v) {
      long sum = low[g] + v;
      high[g] += (v >> 63) + (Long.compareUnsigned(sum, low[g]) < 0 ? 1 : 0);
      low[g] = sum;
    }

    void merge(AggregateCall call, int g, Accumulator other, int og) {
      if (other.count[og] == 0) {
        return;
      }
      boolean isDouble = call.input() >= 0 && call.inputType().kind() == Kind.DOUBLE;
      switch (call.function()) {
        case COUNT -> { }
        case SUM, SUM0, AVG -> {
          if (isDouble) {
            doubles[g] += other.doubles[og];
          } else {
            long sum = low[g] + other.low[og];
            high[g] += other.high[og] + (Long.compareUnsigned(sum, low[g]) < 0 ? 1 : 0);
            low[g] = sum;
          }
        }
        case MIN, MAX -> {
          boolean min = call.function() == Function.MIN;
          if (isDouble) {
            if (count[g] == 0 || (min ? other.doubles[og] < doubles[g] : other.doubles[og] > doubles[g])) {
              doubles[g] = other.doubles[og];
            }
          } else if (count[g] == 0 || (min ? other.low[og] < low[g] : other.low[og] > low[g])) {
            low[g] = other.low[og];
          }
        }
      }
      count[g] += other.count[og];
    }

    /** Applies the distinct (group, value) pairs, once each. */
    void updateFromPairs(AggregateCall call, GroupTable pairs) {
      boolean isDouble = call.inputType().kind() == Kind.DOUBLE;
      for (int p = 0; p < pairs.size(); p++) {
        int g = (int) pairs.key(p, 0);
        long value = pairs.key(p, 1);
        switch (call.function()) {
          case COUNT -> { }
          case SUM, SUM0, AVG -> {
            if (isDouble) {
              doubles[g] += Double.longBitsToDouble(value);
            } else {
              add128(g, value);
            }
          }
          case MIN, MAX -> {
            boolean min = call.function() == Function.MIN;
            if (isDouble) {
              double d = Double.longBitsToDouble(value);
              if (count[g] == 0 || (min ? d < doubles[g] : d > doubles[g])) {
                doubles[g] = d;
              }
            } else if (count[g] == 0 || (min ? value < low[g] : value > low[g])) {
              low[g] = value;
            }
          }
        }
        count[g]++;
      }
    }

    Object result(AggregateCall call, int g) {
      ValueType type = call.resultType();
      if (call.function() == Function.COUNT) {
        return Boxing.box(type, count[g]);
      }
      if (count[g] == 0 && call.function() != Function.SUM0) {
        return null;
      }
      boolean isDouble = call.inputType().kind() == Kind.DOUBLE;
      if (call.function() == Function.AVG) {
        return doubles[g] / count[g];
      }
      if (isDouble) {
        return doubles[g];
      }
      if (type.kind() == Kind.DECIMAL && call.function() != Function.MIN && call.function() != Function.MAX) {
        BigInteger unscaled = BigInteger.valueOf(high[g]).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(low[g])));
        return new BigDecimal(unscaled, call.inputType().scale()).setScale(type.scale());
      }
      if (type.kind() == Kind.DECIMAL) {
        return BigDecimal.valueOf(low[g], call.inputType().scale()).setScale(type.scale());
      }
      if (type.kind() == Kind.DOUBLE) {
        return (double) low[g] / org.blazedb.engine.expr.Exprs.POWERS[call.inputType().scale()];
      }
      return Boxing.box(type, low[g]);
    }
  }
}
