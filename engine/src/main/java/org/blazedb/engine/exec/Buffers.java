package org.blazedb.engine.exec;

import org.blazedb.engine.vector.LargeSegments;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The off-heap buffers of one worker thread, reused from batch to batch and counted against the
 * query's {@link MemoryBudget}. Use and close it in that thread.
 */
final class Buffers implements AutoCloseable {
  private final Arena arena = Arena.ofConfined();
  private final MemoryBudget budget;
  private long reserved;

  Buffers(MemoryBudget budget) {
    this.budget = budget;
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
    arena.close();
    budget.release(reserved);
  }
}
