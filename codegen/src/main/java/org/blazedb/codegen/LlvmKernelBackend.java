package org.blazedb.codegen;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.blazedb.engine.expr.Expr;
import org.blazedb.engine.expr.Exprs;
import org.blazedb.engine.kernel.AggregateKernel;
import org.blazedb.engine.kernel.AggregateState;
import org.blazedb.engine.kernel.AggregateUpdate;
import org.blazedb.engine.kernel.FilterKernel;
import org.blazedb.engine.kernel.JavaKernelBackend;
import org.blazedb.engine.kernel.KernelBackend;
import org.blazedb.engine.kernel.KernelCache;
import org.blazedb.engine.kernel.ProjectKernel;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.ValueType.Kind;
import org.blazedb.engine.vector.Vector;

/**
 * Kernels compiled by LLVM: the expression becomes IR ({@link KernelIr}), ORC LLJIT compiles it
 * for the host CPU, and each batch is one call through a Java FFM downcall handle. Constants are
 * parameters, so the kernel cache (keyed by the expression's shape) serves queries that differ
 * only in them. Strings are compared and matched in place; expressions that make strings are
 * declined (the Java reference computes them). Aggregate
 * updates ({@link AggregateIr}) are kernels too, one per update and variant.
 */
public final class LlvmKernelBackend implements KernelBackend {
  public static final String NAME = "llvm";
  private static final FunctionDescriptor SIGNATURE = FunctionDescriptor.of(ValueLayout.JAVA_LONG,
      ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
      ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS);

  /** Of {@link AggregateIr}'s functions; their states are Java arrays, passed in place (heap access). */
  private static final FunctionDescriptor AGGREGATE_SIGNATURE = FunctionDescriptor.ofVoid(ValueLayout.ADDRESS,
      ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
      ValueLayout.ADDRESS, ValueLayout.ADDRESS);

  /** A kernel's answer when a DECIMAL product may have overflowed: the reference recomputes the batch. */
  private static final long MAY_HAVE_OVERFLOWED = -2;

  private static volatile LlvmKernelBackend instance;

  private final LlvmJit jit;
  private final KernelCache<MethodHandle> cache = new KernelCache<>();
  private final AtomicInteger names = new AtomicInteger();

  private LlvmKernelBackend(LlvmJit jit) {
    this.jit = jit;
  }

  /**
   * The backend, starting LLVM on first use.
   *
   * @throws LinkageError or IllegalStateException when LLVM cannot load on this machine
   */
  public static LlvmKernelBackend get() {
    LlvmKernelBackend b = instance;
    if (b == null) {
      synchronized (LlvmKernelBackend.class) {
        if (instance == null) {
          instance = new LlvmKernelBackend(new LlvmJit());
        }
        b = instance;
      }
    }
    return b;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public KernelCache.Stats stats() {
    return cache.stats();
  }

  @Override
  public FilterKernel filter(Expr predicate) {
    if (!KernelIr.supports(predicate)) {
      return null;
    }
    MethodHandle kernel = compiled("filter " + predicate.shape(), name -> KernelIr.filter(predicate, name), SIGNATURE);
    Bound bound = new Bound(kernel, predicate);
    FilterKernel exact = JavaKernelBackend.INSTANCE.filter(predicate);
    return new FilterKernel() {
      @Override
      public int apply(Batch batch, MemorySegment selection) {
        long n = bound.call(batch, selection);
        return n == MAY_HAVE_OVERFLOWED ? exact.apply(batch, selection) : (int) n;
      }

      @Override
      public int[] columns() {
        return exact.columns();
      }

      @Override
      public String backend() {
        return NAME;
      }
    };
  }

  @Override
  public ProjectKernel project(Expr expression) {
    if (!KernelIr.supports(expression)) {
      return null;
    }
    MethodHandle kernel = compiled("project " + expression.shape(), name -> KernelIr.project(expression, name), SIGNATURE);
    Bound bound = new Bound(kernel, expression);
    ProjectKernel exact = JavaKernelBackend.INSTANCE.project(expression);
    return new ProjectKernel() {
      @Override
      public void apply(Batch batch, MemorySegment values, MemorySegment validity) {
        if (bound.call(batch, values, validity) == MAY_HAVE_OVERFLOWED) {
          exact.apply(batch, values, validity);
        }
      }

      @Override
      public int[] columns() {
        return exact.columns();
      }

      @Override
      public String backend() {
        return NAME;
      }
    };
  }

  @Override
  public AggregateKernel aggregate(AggregateUpdate update) {
    return new AggregateKernel() {
      // by nullable * 2 + grouped; each compiled (or found in the cache) on its first batch
      private final MethodHandle[] variants = new MethodHandle[4];

      @Override
      public void update(Vector input, int[] groups, int n, AggregateState state) {
        boolean nullable = input != null && input.validity() != null;
        MethodHandle kernel = variant(nullable, groups != null);
        // a COUNT of a VARCHAR column reads its validity alone: it has no fixed-width values
        MemorySegment values = input == null || input.values() == null ? MemorySegment.NULL : input.values();
        MemorySegment valid = nullable ? input.validity() : MemorySegment.NULL;
        MemorySegment groupIds = groups == null ? MemorySegment.NULL : MemorySegment.ofArray(groups);
        try {
          kernel.invokeExact(values, valid, groupIds, (long) n, MemorySegment.ofArray(state.count()),
              MemorySegment.ofArray(state.low()), MemorySegment.ofArray(state.high()), MemorySegment.ofArray(state.doubles()));
        } catch (Throwable t) {
          throw new IllegalStateException("LLVM aggregate kernel failed: " + t, t);
        }
      }

      private MethodHandle variant(boolean nullable, boolean grouped) {
        int index = (nullable ? 2 : 0) + (grouped ? 1 : 0);
        MethodHandle kernel = variants[index]; // a benign race: every thread finds the same handle
        if (kernel == null) {
          String shape = "aggregate " + update + (nullable ? " nullable" : "") + (grouped ? " grouped" : " global");
          kernel = compiled(shape, name -> grouped ? AggregateIr.grouped(update, nullable, name)
              : AggregateIr.global(update, nullable, name), AGGREGATE_SIGNATURE);
          variants[index] = kernel;
        }
        return kernel;
      }

      @Override
      public String backend() {
        return NAME;
      }
    };
  }

  /** The optimized IR of the projection kernel of {@code expression}, for inspection. */
  String optimizedProjection(Expr expression) {
    return jit.optimizedText(KernelIr.project(expression, "inspect"), "inspect");
  }

  /** The optimized IR of the global (no GROUP BY) aggregate kernel of {@code update}, for inspection. */
  String optimizedGlobalAggregate(AggregateUpdate update, boolean nullable) {
    return jit.optimizedText(AggregateIr.global(update, nullable, "inspect"), "inspect");
  }

  private MethodHandle compiled(String shape, java.util.function.Function<String, String> ir, FunctionDescriptor signature) {
    return cache.get(shape, s -> {
      String name = "blaze_kernel_" + names.incrementAndGet();
      long address = jit.compile(ir.apply(name), name);
      // critical: no thread-state transition per call; kernels are short and never call back. Heap
      // access lets aggregate kernels update Java arrays without copying them.
      return Linker.nativeLinker().downcallHandle(MemorySegment.ofAddress(address), signature,
          Linker.Option.critical(signature == AGGREGATE_SIGNATURE));
    });
  }

  /**
   * Validity bytes of 1 for columns without NULLs, shared by all calls: kernels only read them, and
   * filling a new buffer per batch would cost as much as a simple kernel.
   */
  private static final class AllValid {
    private static volatile MemorySegment ones = MemorySegment.NULL;

    static MemorySegment atLeast(int rows) {
      MemorySegment current = ones;
      if (current.byteSize() >= rows) {
        return current;
      }
      synchronized (AllValid.class) {
        if (ones.byteSize() < rows) {
          ones = Arena.global().allocate(Math.max(rows, 1 << 16), 8).fill((byte) 1); // grows rarely: chunk sizes
        }
        return ones;
      }
    }
  }

  /** A compiled kernel with its constants, which live as long as the kernel object. */
  private static final class Bound {
    private final MethodHandle kernel;
    private final MemorySegment params;
    private final String expression;

    Bound(MethodHandle kernel, Expr e) {
      this.kernel = kernel;
      this.expression = e.toString();
      List<Object> constants = Exprs.literals(e).stream().map(Expr.Literal::value).filter(v -> v != null).toList();
      Arena arena = Arena.ofAuto();
      params = arena.allocate(8L * Math.max(1, 2 * constants.size()), 8);
      int slot = 0;
      for (Object v : constants) {
        if (v instanceof String string) { // its bytes' address and length (KernelIr's string literal)
          byte[] bytes = string.getBytes(StandardCharsets.UTF_8);
          MemorySegment copy = arena.allocate(Math.max(1, bytes.length));
          MemorySegment.copy(bytes, 0, copy, ValueLayout.JAVA_BYTE, 0, bytes.length);
          params.setAtIndex(ValueLayout.JAVA_LONG, slot++, copy.address());
          params.setAtIndex(ValueLayout.JAVA_LONG, slot++, bytes.length);
        } else {
          params.setAtIndex(ValueLayout.JAVA_LONG, slot++, v instanceof Double d ? Double.doubleToRawLongBits(d) : (Long) v);
        }
      }
    }

    /** For a filter: out = selection, mask = scratch; for a projection: out = values, mask = validity. */
    long call(Batch batch, MemorySegment out) {
      try (Arena arena = Arena.ofConfined()) {
        return call(batch, out, arena.allocate(Math.max(1, batch.selected()), 8), arena);
      }
    }

    long call(Batch batch, MemorySegment out, MemorySegment mask) {
      try (Arena arena = Arena.ofConfined()) {
        return call(batch, out, mask, arena);
      }
    }

    private long call(Batch batch, MemorySegment out, MemorySegment mask, Arena arena) {
      Vector[] columns = batch.columns();
      MemorySegment cols = arena.allocate(8L * Math.max(1, columns.length), 8);
      MemorySegment valids = arena.allocate(8L * Math.max(1, columns.length), 8);
      MemorySegment datas = arena.allocate(8L * Math.max(1, columns.length), 8);
      MemorySegment allValid = null;
      for (int c = 0; c < columns.length; c++) {
        Vector v = columns[c];
        if (v == null) {
          continue;
        }
        if (v.type().kind() == Kind.VARCHAR) {
          cols.setAtIndex(ValueLayout.ADDRESS, c, v.offsets());
          datas.setAtIndex(ValueLayout.ADDRESS, c, v.data() == null ? MemorySegment.NULL : v.data());
        } else if (v.values() != null) {
          cols.setAtIndex(ValueLayout.ADDRESS, c, v.values());
        } else {
          continue;
        }
        if (v.validity() == null) {
          if (allValid == null) {
            allValid = AllValid.atLeast(batch.rows());
          }
          valids.setAtIndex(ValueLayout.ADDRESS, c, allValid);
        } else {
          valids.setAtIndex(ValueLayout.ADDRESS, c, v.validity());
        }
      }
      MemorySegment selection = batch.selection() == null ? MemorySegment.NULL : batch.selection();
      long result;
      try {
        result = (long) kernel.invokeExact(cols, valids, params, selection, (long) batch.selected(), out, mask, datas);
      } catch (Throwable t) {
        throw new IllegalStateException("LLVM kernel failed: " + t, t);
      }
      if (result == -1) {
        throw new ArithmeticException("DECIMAL overflow (more than 18 digits) in " + expression);
      }
      return result;
    }
  }
}
