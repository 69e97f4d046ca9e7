package org.blazedb.engine.kernel;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.blazedb.engine.expr.Expr;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.Vector;

/**
 * Kernels that run as the Java reference's until {@code compiler}'s are ready: on a kernel's first
 * use its compiled form is made on a background thread, and the calls after that use it. For
 * steps too small to wait for a compiler (LLVM takes 10 to 20 ms a kernel): a query's first
 * batches do not wait, and its later ones, and later runs of a plan kept, get compiled code.
 * (The reference's interpreter, left in such steps for good, was slow on the rows they did see,
 * TPC-H Q14's LIKE over 75,000 joined rows, and kept the JVM compiling it anew as each query's
 * expressions changed its profile.) A kernel the compiler declines, or fails on, stays the
 * reference's.
 */
public final class TieredKernelBackend implements KernelBackend {
  private static final System.Logger LOG = System.getLogger(TieredKernelBackend.class.getName());
  /** One thread: compilers such as LLVM's JIT compile one module at a time anyway. */
  private static final ExecutorService COMPILER = Executors.newSingleThreadExecutor(
      task -> Thread.ofPlatform().daemon().name("blaze-kernel-compiler").unstarted(task));

  private final KernelBackend compiler;
  private final KernelBackend reference = JavaKernelBackend.INSTANCE;

  public TieredKernelBackend(KernelBackend compiler) {
    this.compiler = compiler;
  }

  @Override
  public String name() {
    return reference.name() + ", then " + compiler.name();
  }

  @Override
  public FilterKernel filter(Expr predicate) {
    Tier<FilterKernel> tier = new Tier<>(reference.filter(predicate), () -> compiler.filter(predicate), FilterKernel::backend);
    return new FilterKernel() {
      @Override
      public int apply(Batch batch, MemorySegment selection) {
        return tier.kernel().apply(batch, selection);
      }

      @Override
      public int[] columns() {
        return tier.first.columns();
      }

      @Override
      public String backend() {
        return tier.backend();
      }
    };
  }

  @Override
  public ProjectKernel project(Expr expression) {
    Tier<ProjectKernel> tier = new Tier<>(reference.project(expression), () -> compiler.project(expression),
        ProjectKernel::backend);
    return new ProjectKernel() {
      @Override
      public void apply(Batch batch, MemorySegment values, MemorySegment validity) {
        tier.kernel().apply(batch, values, validity);
      }

      @Override
      public int[] columns() {
        return tier.first.columns();
      }

      @Override
      public String backend() {
        return tier.backend();
      }
    };
  }

  @Override
  public AggregateKernel aggregate(AggregateUpdate update) {
    Tier<AggregateKernel> tier = new Tier<>(reference.aggregate(update), () -> compiler.aggregate(update),
        AggregateKernel::backend);
    return new AggregateKernel() {
      @Override
      public void update(Vector input, int[] groups, int n, AggregateState state) {
        tier.kernel().update(input, groups, n, state);
      }

      @Override
      public String backend() {
        return tier.backend();
      }
    };
  }

  @Override
  public KernelCache.Stats stats() {
    return compiler.stats();
  }

  /** A kernel's reference form, and its compiled form once made. */
  private final class Tier<K> {
    final K first;
    private volatile K current;
    private final Supplier<K> compile;
    private final Function<K, String> backendOf;
    private final AtomicBoolean started = new AtomicBoolean();

    Tier(K first, Supplier<K> compile, Function<K, String> backendOf) {
      this.first = first;
      this.current = first;
      this.compile = compile;
      this.backendOf = backendOf;
    }

    /** The kernel to call now; the first call sets the compiler to work. */
    K kernel() {
      if (!started.get() && started.compareAndSet(false, true)) {
        COMPILER.execute(() -> {
          try {
            K compiled = compile.get();
            if (compiled != null) {
              current = compiled;
            }
          } catch (RuntimeException | LinkageError e) { // the reference goes on: it computes everything
            LOG.log(System.Logger.Level.WARNING, "a kernel could not be compiled; the Java reference runs it", e);
          }
        });
      }
      return current;
    }

    /** For EXPLAIN: the compiled kernel's backend, or this backend's name ("java, then llvm") until then. */
    String backend() {
      K now = current;
      return now == first ? name() : backendOf.apply(now);
    }
  }
}
