package org.blazedb.engine.exec;

import java.lang.foreign.Arena;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory one query may hold in operator state (hash tables, accumulators, buffered batches).
 * Operators reserve before they allocate; going over the limit fails the query, naming the
 * operator, instead of an OutOfMemoryError.
 *
 * <p>The rows the query holds off-heap ({@link Columns}) live in its {@link #arena}, freed when
 * the query is done with them ({@link #close}), or, for a query never closed, once nothing reaches
 * the budget. Freed only by the garbage collector, they were not reused until a collection ran:
 * after TPC-H Q18 had grown the heap, so collections were seconds apart, each run of Q9 touched
 * 33 MB of fresh memory, 8,300 page faults that made it take 130 ms instead of 65.
 */
public final class MemoryBudget implements AutoCloseable {
  private static final Cleaner CLEANER = Cleaner.create();
  private final long limitBytes;
  private final AtomicLong used = new AtomicLong();
  private final Arena arena = Arena.ofShared();
  private final Cleaner.Cleanable freeing;

  public MemoryBudget(long limitBytes) {
    this.limitBytes = limitBytes;
    this.freeing = CLEANER.register(this, arena::close);
  }

  /** Where the query's {@link Columns} allocate. */
  Arena arena() {
    return arena;
  }

  /**
   * Frees the rows the query holds: call it once nothing reads them, no worker included (a read
   * afterwards fails with an IllegalStateException). Closing again does nothing.
   */
  @Override
  public void close() {
    freeing.clean();
  }

  /** Whether {@link #close} freed the query's rows. */
  public boolean closed() {
    return !arena.scope().isAlive();
  }

  /**
   * A size as users write it: {@code 1048576}, {@code 64KB}, {@code 512MB}, {@code 2GB}; zero only
   * where {@code zeroAllowed}. The message of a bad one says what is expected, the caller says where.
   */
  public static long parseSize(String text, boolean zeroAllowed) {
    String s = text.strip().toUpperCase(java.util.Locale.ROOT);
    long unit = s.endsWith("KB") ? 1L << 10 : s.endsWith("MB") ? 1L << 20 : s.endsWith("GB") ? 1L << 30 : 1;
    String digits = unit == 1 ? s : s.substring(0, s.length() - 2).strip();
    try {
      long value = Math.multiplyExact(Long.parseLong(digits), unit);
      if (value > 0 || value == 0 && zeroAllowed) {
        return value;
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // reported below
    }
    throw new IllegalArgumentException(text + ": expected a size such as 512MB" + (zeroAllowed ? " or 0" : ""));
  }

  public static MemoryBudget unlimited() {
    return new MemoryBudget(Long.MAX_VALUE);
  }

  public void reserve(long bytes, String operator) {
    long now = used.addAndGet(bytes);
    if (now > limitBytes) {
      used.addAndGet(-bytes);
      throw new QueryMemoryException(operator + " needs more than the query's memory limit of "
          + megabytes(limitBytes) + " (it holds " + megabytes(now - bytes) + " and asked for " + megabytes(bytes)
          + "); raise the connection property memory_limit");
    }
  }

  /** Reserves {@code bytes} if the limit allows, for memory that only speeds an operator up. */
  public boolean tryReserve(long bytes) {
    if (used.addAndGet(bytes) > limitBytes) {
      used.addAndGet(-bytes);
      return false;
    }
    return true;
  }

  public void release(long bytes) {
    used.addAndGet(-bytes);
  }

  private static String megabytes(long bytes) {
    return String.format("%.1f MB", bytes / 1048576.0);
  }
}
