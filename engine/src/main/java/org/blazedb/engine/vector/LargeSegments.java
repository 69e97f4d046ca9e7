package org.blazedb.engine.vector;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Large off-heap segments, on memory already faulted in where possible: blocks reused from a pool,
 * on transparent huge pages where Linux offers them.
 *
 * <p>Fresh memory costs a page fault per 4 KiB page the first time it is touched: on this project's
 * 2-core machine {@code Arena.allocate} of 256 MB (which zeroes it) ran at 2.7 GB/s, against
 * 20 GB/s for writing memory already touched. The same memory advised as huge pages
 * ({@code madvise(MADV_HUGEPAGE)}, 2 MiB a fault) ran at 9.8 GB/s. A join's build side, an
 * aggregate's result and the batch buffers are such memory, allocated by every query.
 *
 * <p>Segments of at least {@link #POOLED_FROM} bytes take a block of the next power of two from a
 * pool, and give it back when their arena closes, so the next query finds it faulted in. Given
 * back to the C library instead, it came back fresh (glibc unmaps large blocks and trims its
 * heaps): TPC-H Q4 to Q11 took 1,600 to 5,000 page faults a run. The pool keeps at most
 * {@link #POOL_BYTES}, freeing what would go over. Blocks come from {@code aligned_alloc}; those
 * of 2 MiB or more are aligned on 2 MiB and advised as huge pages. Smaller segments, and all
 * where the C library's functions cannot be called, come from {@link Arena#allocate}.
 */
public final class LargeSegments {
  private static final long PAGE = 2L << 20;
  /** The size from which a segment takes a pooled block. */
  public static final long POOLED_FROM = 64L << 10;
  /** The most the pool keeps of blocks no segment holds. */
  static final long POOL_BYTES = 256L << 20;
  private static final int MADV_HUGEPAGE = 14;
  private static final Native NATIVE = Native.load();
  private static final Pool POOL = new Pool();

  private LargeSegments() {}

  /**
   * A segment of {@code size} bytes aligned on {@code alignment} (at most 64 KiB), living as long
   * as {@code arena}. Its contents are unspecified: callers write before they read.
   */
  public static MemorySegment allocate(Arena arena, long size, long alignment) {
    if (size < POOLED_FROM || NATIVE == null) {
      return arena.allocate(size, alignment);
    }
    int sizeClass = 64 - Long.numberOfLeadingZeros(size - 1);
    MemorySegment block = POOL.take(sizeClass);
    if (block == null) {
      block = NATIVE.allocate(1L << sizeClass);
      if (block == null) {
        return arena.allocate(size, alignment); // let the JDK report the failure, or find the memory
      }
    }
    MemorySegment taken = block;
    return block.reinterpret(size, arena, ignored -> POOL.give(sizeClass, taken));
  }

  /** Bytes of the blocks the pool holds now, for tests. */
  static long pooledBytes() {
    return POOL.bytes.get();
  }

  /** Blocks by size class (log2 of their size), most recently given back first: likely still in cache. */
  private static final class Pool {
    @SuppressWarnings("unchecked")
    private final ConcurrentLinkedDeque<MemorySegment>[] free = new ConcurrentLinkedDeque[64];
    private final AtomicLong bytes = new AtomicLong();

    Pool() {
      java.util.Arrays.setAll(free, c -> new ConcurrentLinkedDeque<>());
    }

    MemorySegment take(int sizeClass) {
      MemorySegment block = free[sizeClass].pollFirst();
      if (block != null) {
        bytes.addAndGet(-block.byteSize());
      }
      return block;
    }

    void give(int sizeClass, MemorySegment block) {
      if (bytes.addAndGet(block.byteSize()) > POOL_BYTES) {
        bytes.addAndGet(-block.byteSize());
        NATIVE.free(block);
        return;
      }
      free[sizeClass].addFirst(block);
    }
  }

  /** The C library functions, or null where they cannot be called; {@code madvise} null without huge pages. */
  private record Native(MethodHandle alignedAlloc, MethodHandle madvise, MethodHandle free) {
    static Native load() {
      try {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        boolean hugePages = System.getProperty("os.name", "").equals("Linux") && transparentHugePagesOn();
        return new Native(
            linker.downcallHandle(libc.find("aligned_alloc").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG)),
            hugePages ? linker.downcallHandle(libc.find("madvise").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT))
                : null,
            linker.downcallHandle(libc.find("free").orElseThrow(), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS)));
      } catch (RuntimeException e) {
        return null; // no native access granted, or no such function: plain allocation
      }
    }

    /** {@code /sys/kernel/mm/transparent_hugepage/enabled} reads {@code [always]} or {@code [madvise]}. */
    private static boolean transparentHugePagesOn() {
      try {
        return !Files.readString(Path.of("/sys/kernel/mm/transparent_hugepage/enabled")).contains("[never]");
      } catch (IOException | SecurityException e) {
        return false;
      }
    }

    /** A block of {@code size} bytes (a power of two), aligned on 2 MiB or on its size, or null. */
    MemorySegment allocate(long size) {
      MemorySegment block;
      try {
        block = (MemorySegment) alignedAlloc.invokeExact(Math.min(PAGE, size), size);
      } catch (Throwable e) {
        throw new IllegalStateException("aligned_alloc failed", e);
      }
      if (block.address() == 0) {
        return null;
      }
      block = block.reinterpret(size);
      if (size >= PAGE && madvise != null) {
        adviseHugePages(block);
      }
      return block;
    }

    /** Advice only: where the kernel refuses it, the memory is still good, on small pages. */
    private void adviseHugePages(MemorySegment block) {
      try {
        int ignored = (int) madvise.invokeExact(block, block.byteSize(), MADV_HUGEPAGE);
      } catch (Throwable e) {
        throw new IllegalStateException("madvise failed", e);
      }
    }

    void free(MemorySegment block) {
      try {
        free.invokeExact(block);
      } catch (Throwable e) {
        throw new IllegalStateException("free failed", e);
      }
    }
  }
}
