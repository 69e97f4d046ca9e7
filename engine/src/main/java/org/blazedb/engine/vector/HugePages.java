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

/**
 * Large off-heap segments on transparent huge pages, where Linux offers them.
 *
 * <p>Fresh memory costs a page fault per 4 KiB page the first time it is touched: on this project's
 * 2-core machine {@code Arena.allocate} of 256 MB (which zeroes it) ran at 2.7 GB/s, against
 * 20 GB/s for writing memory already touched. The same memory advised as huge pages
 * ({@code madvise(MADV_HUGEPAGE)}, 2 MiB a fault) ran at 9.8 GB/s. A join's build side and an
 * aggregate's result are such memory, allocated afresh by every query; their allocation led the
 * profile of TPC-H Q9.
 *
 * <p>Segments of at least {@link #FROM} bytes come from {@code aligned_alloc} on 2 MiB boundaries,
 * advised as huge pages, and are freed with {@code free} when their arena closes. Smaller ones,
 * and every one where the system has no transparent huge pages (not Linux, or set to
 * {@code never}), come from {@link Arena#allocate}.
 */
public final class HugePages {
  private static final long PAGE = 2L << 20;
  /** The size from which a segment gets huge pages: one such page. */
  public static final long FROM = PAGE;
  private static final int MADV_HUGEPAGE = 14;
  private static final Native NATIVE = Native.load();

  private HugePages() {}

  /**
   * A segment of {@code size} bytes aligned on {@code alignment} (at most 2 MiB), living as long as
   * {@code arena}. Its contents are unspecified: callers write before they read.
   */
  public static MemorySegment allocate(Arena arena, long size, long alignment) {
    if (size < FROM || NATIVE == null) {
      return arena.allocate(size, alignment);
    }
    long rounded = (size + PAGE - 1) & -PAGE;
    MemorySegment memory = NATIVE.allocate(rounded);
    if (memory.address() == 0) {
      return arena.allocate(size, alignment); // let the JDK report the failure, or find the memory
    }
    NATIVE.adviseHugePages(memory, rounded);
    return memory.reinterpret(size, arena, NATIVE::free);
  }

  /** The C library functions, or null where huge pages are not to be had. */
  private record Native(MethodHandle alignedAlloc, MethodHandle madvise, MethodHandle free) {
    static Native load() {
      if (!System.getProperty("os.name", "").equals("Linux") || !transparentHugePagesOn()) {
        return null;
      }
      try {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        return new Native(
            linker.downcallHandle(libc.find("aligned_alloc").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG)),
            linker.downcallHandle(libc.find("madvise").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT)),
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

    MemorySegment allocate(long size) {
      try {
        return (MemorySegment) alignedAlloc.invokeExact(PAGE, size);
      } catch (Throwable e) {
        throw new IllegalStateException("aligned_alloc failed", e);
      }
    }

    /** Advice only: where the kernel refuses it, the memory is still good, on small pages. */
    void adviseHugePages(MemorySegment memory, long size) {
      try {
        int ignored = (int) madvise.invokeExact(memory, size, MADV_HUGEPAGE);
      } catch (Throwable e) {
        throw new IllegalStateException("madvise failed", e);
      }
    }

    void free(MemorySegment memory) {
      try {
        free.invokeExact(memory);
      } catch (Throwable e) {
        throw new IllegalStateException("free failed", e);
      }
    }
  }
}
