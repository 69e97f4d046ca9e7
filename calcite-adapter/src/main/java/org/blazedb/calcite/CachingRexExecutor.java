package org.blazedb.calcite;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.function.Function1;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexExecutor;
import org.apache.calcite.rex.RexExecutorImpl;
import org.apache.calcite.rex.RexNode;

/**
 * Calcite's constant reduction ({@link RexExecutorImpl}) with its compiled code kept. Calcite
 * compiles each set of constant expressions it reduces with Janino: in planning TPC-H queries that
 * was over half of ReduceExpressionsRule's time (JFR), and a statement planned again reduces the
 * same constants (its date arithmetic, for one). The code is keyed by the expressions' digests
 * and types, which Calcite's planner also takes for equality; it reads nothing but the
 * {@link DataContext} it is applied to, which is the statement's own.
 */
final class CachingRexExecutor implements RexExecutor {
  private static final int CAPACITY = 1024;
  private static final Map<String, Function1<DataContext, Object[]>> COMPILED = Collections.synchronizedMap(
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Function1<DataContext, Object[]>> eldest) {
          return size() > CAPACITY;
        }
      });

  private final DataContext dataContext;
  private boolean failed;

  CachingRexExecutor(DataContext dataContext) {
    this.dataContext = dataContext;
  }

  /** Whether a constant failed: the plan computes it as it loads, and fails each time it runs. */
  boolean failed() {
    return failed;
  }

  /**
   * As {@link RexExecutorImpl#reduce}: if any expression fails (a division by zero), none is
   * reduced, and the statement fails when it runs. (RexExecutorImpl let the failure of the
   * generated class's initializer escape, as an ExceptionInInitializerError, from planning.)
   */
  @Override
  public void reduce(RexBuilder rexBuilder, List<RexNode> constExps, List<RexNode> reducedValues) {
    String key = constExps.stream().map(e -> e + ":" + e.getType().getFullTypeString())
        .collect(Collectors.joining("\n"));
    try {
      Function1<DataContext, Object[]> compiled = COMPILED.get(key);
      if (compiled == null) {
        compiled = RexExecutorImpl.getExecutable(rexBuilder, constExps,
            rexBuilder.getTypeFactory().builder().build()).getFunction();
        COMPILED.put(key, compiled);
      }
      Object[] values = compiled.apply(dataContext);
      if (values == null) {
        reducedValues.addAll(constExps);
        return;
      }
      for (int i = 0; i < values.length; i++) {
        reducedValues.add(rexBuilder.makeLiteral(values[i], constExps.get(i).getType(), true));
      }
    } catch (RuntimeException | ExceptionInInitializerError e) { // the code computes constants as it loads
      failed = true;
      reducedValues.clear();
      reducedValues.addAll(constExps);
    }
  }
}
