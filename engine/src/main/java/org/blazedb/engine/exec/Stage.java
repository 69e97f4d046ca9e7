package org.blazedb.engine.exec;

import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.ValueType;

/**
 * One step of a {@link Pipeline} after its source. Batches are pushed through the steps: each
 * takes a batch (possibly with a selection) and pushes zero or more batches to the next.
 */
public sealed interface Stage permits Calc, HashJoin {
  List<ValueType> outputTypes();

  /**
   * The state of one worker thread; use and close it in that thread.
   *
   * @param check throws to stop the query (cancel, timeout): a stage that works long on one batch
   *     (a join that multiplies it) calls it as it goes
   */
  Worker worker(MemoryBudget budget, Runnable check);

  interface Worker extends AutoCloseable {
    /** Pushes what {@code in} gives to {@code out}; the batches pushed are valid only during the call. */
    void process(Batch in, Consumer<Batch> out);

    /** Pushes what remains once every batch has been processed (by all workers); once, in one worker. */
    default void finish(Consumer<Batch> out) {}

    @Override
    void close();
  }

  /**
   * The input column whose values output column {@code column} passes on unchanged (or NULL, in
   * rows an outer join adds), or -1 when it computes them or takes them from elsewhere.
   */
  int passes(int column);

  /** The input columns it reads to give the output columns in {@code needed}. */
  BitSet reads(BitSet needed);

  /**
   * This stage, free to leave the output columns not in {@code needed} null (and those an earlier
   * call left out).
   */
  default Stage giving(BitSet needed) {
    return this;
  }

  /** Whether {@link Worker#finish} pushes anything. */
  default boolean finishes() {
    return false;
  }
}
