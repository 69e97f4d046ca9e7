package org.blazedb.calcite;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.runtime.CalciteException;

/**
 * A statement's cancel flag and timeout, checked by the rows our scans produce: Calcite sets the
 * flag, but nothing in its Enumerable code checks it.
 */
final class Stopping {
  private Stopping() {}

  /** {@code rows}, checking every 64 rows whether the statement of {@code root} was cancelled or timed out. */
  static Enumerable<Object> wrap(DataContext root, Enumerable<Object> rows) {
    AtomicBoolean cancelled = DataContext.Variable.CANCEL_FLAG.get(root);
    Long timeoutMillis = DataContext.Variable.TIMEOUT.get(root);
    if (cancelled == null && timeoutMillis == null) {
      return rows;
    }
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object> enumerator() {
        long deadline = timeoutMillis == null ? Long.MAX_VALUE : System.nanoTime() + timeoutMillis * 1_000_000;
        return new StoppableEnumerator(rows.enumerator(), () -> check(cancelled, deadline, timeoutMillis));
      }
    };
  }

  /** A check that throws once the statement of {@code root} is cancelled or past its timeout (counted from now). */
  static Runnable check(DataContext root) {
    AtomicBoolean cancelled = DataContext.Variable.CANCEL_FLAG.get(root);
    Long timeoutMillis = DataContext.Variable.TIMEOUT.get(root);
    long deadline = timeoutMillis == null ? Long.MAX_VALUE : System.nanoTime() + timeoutMillis * 1_000_000;
    return () -> check(cancelled, deadline, timeoutMillis);
  }

  private static void check(AtomicBoolean cancelled, long deadline, Long timeoutMillis) {
    if (cancelled != null && cancelled.get()) {
      throw new CalciteException("the statement was cancelled", null);
    }
    if (System.nanoTime() > deadline) {
      throw new CalciteException("the statement timed out after " + timeoutMillis / 1000 + " s", null);
    }
  }

  /** Runs the check every 64 rows. */
  private static final class StoppableEnumerator implements Enumerator<Object> {
    private static final int CHECK_EVERY = 64;
    private final Enumerator<Object> rows;
    private final Runnable check;
    private int untilCheck;

    StoppableEnumerator(Enumerator<Object> rows, Runnable check) {
      this.rows = rows;
      this.check = check;
    }

    @Override
    public Object current() {
      return rows.current();
    }

    @Override
    public boolean moveNext() {
      if (--untilCheck < 0) {
        untilCheck = CHECK_EVERY;
        check.run();
      }
      return rows.moveNext();
    }

    @Override
    public void reset() {
      rows.reset();
    }

    @Override
    public void close() {
      rows.close();
    }
  }
}
