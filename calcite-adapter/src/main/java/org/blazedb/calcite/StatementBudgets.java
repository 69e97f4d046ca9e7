package org.blazedb.calcite;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.blazedb.engine.exec.MemoryBudget;

/**
 * The memory budgets of the engine's plans a statement runs, closed (their rows freed) when the
 * statement's result set closes. A statement is known by its cancel flag, the one object that both
 * its result set and its plans' {@link DataContext} hold.
 *
 * <p>Only weakly held here, by a statement that is itself weakly held: a budget whose result set
 * was dropped without being closed is freed once the garbage collector finds it unreachable.
 */
public final class StatementBudgets {
  private static final Map<AtomicBoolean, List<WeakReference<MemoryBudget>>> BY_STATEMENT =
      Collections.synchronizedMap(new WeakHashMap<>());

  private StatementBudgets() {}

  /** {@code budget}, to be closed with the result set of the statement running {@code root}'s query (if any). */
  static MemoryBudget track(DataContext root, MemoryBudget budget) {
    AtomicBoolean statement = DataContext.Variable.CANCEL_FLAG.get(root);
    if (statement != null) {
      BY_STATEMENT.computeIfAbsent(statement, s -> Collections.synchronizedList(new ArrayList<>()))
          .add(new WeakReference<>(budget));
    }
    return budget;
  }

  /** The budgets tracked for the statement whose cancel flag is {@code statement}, those still reachable. */
  public static List<MemoryBudget> of(AtomicBoolean statement) {
    List<WeakReference<MemoryBudget>> budgets = BY_STATEMENT.getOrDefault(statement, List.of());
    synchronized (budgets) {
      return budgets.stream().map(WeakReference::get).filter(java.util.Objects::nonNull).toList();
    }
  }

  /**
   * Closes the budgets of the statement whose cancel flag is {@code statement}: call it once its
   * result set is closed, which stops the engine's workers first.
   */
  public static void close(AtomicBoolean statement) {
    List<WeakReference<MemoryBudget>> budgets = BY_STATEMENT.remove(statement);
    if (budgets == null) {
      return;
    }
    synchronized (budgets) {
      for (WeakReference<MemoryBudget> reference : budgets) {
        MemoryBudget budget = reference.get();
        if (budget != null) {
          budget.close();
        }
      }
    }
  }
}
