package org.blazedb.engine.exec;

import org.blazedb.engine.vector.LargeSegments;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The off-heap buffers of one worker thread, reused from batch to batch and counted against the
 * query's {@link MemoryBudget}. Use and close it in that thread.
 */
final class Buffers implements AutoCloseable {
  private final Arena arena;
  private final MemoryBudget budget;
  private long reserved;

  Buffers(MemoryBudget budget) {
    this(budget, Arena.ofConfined());
  }

  private Buffers(MemoryBudget budget, Arena arena) {
    this.budget = budget;
    this.arena = arena;
  }

  /**
   * Buffers in the query's memory ({@link MemoryBudget#arena}), freed with it: for the state of
   * an operator that outlives its worker thread (an aggregator, merged once the workers are done).
   */
  static Buffers ofQuery(MemoryBudget budget) {
    return new Buffers(budget, budget.arena());
  }

  /** {@code segment} if it holds {@code size} bytes, else a larger one (its contents not kept). */
  MemorySegment ensure(MemorySegment segment, long size) {
    if (segment.byteSize() >= size) {
      return segment;
    }
    long bytes = Math.max(size, segment.byteSize() * 3 / 2);
    budget.reserve(bytes, "batch buffers");
    reserved += bytes;
    return LargeSegments.allocate(arena, bytes, 64);
  }

  @Override
  public void close() {
    if (arena != budget.arena()) {
      arena.close();
    }
    budget.release(reserved);
  }
}
