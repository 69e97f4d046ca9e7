package org.blazedb.calcite;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.blazedb.codegen.LlvmKernelBackend;
import org.blazedb.engine.expr.Expr;
import org.blazedb.engine.kernel.FilterCascade;
import org.blazedb.engine.kernel.FilterKernel;
import org.blazedb.engine.kernel.JavaKernelBackend;
import org.blazedb.engine.kernel.KernelBackend;
import org.blazedb.engine.kernel.ProjectKernel;
import org.blazedb.engine.kernel.TieredKernelBackend;

/**
 * The kernel backends by name. LLVM falls back to the Java reference when it cannot load here
 * (said once, on the log), and the reference computes what a backend declines.
 */
public final class KernelBackends {
  private static final System.Logger LOG = System.getLogger(KernelBackends.class.getName());
  private static volatile String llvmFailure;
  private static final Map<KernelBackend, KernelBackend> TIERED = new ConcurrentHashMap<>();

  private KernelBackends() {}

  public static KernelBackend get(String name) {
    if (!name.equals(LlvmKernelBackend.NAME) || llvmFailure != null) {
      return JavaKernelBackend.INSTANCE;
    }
    try {
      return LlvmKernelBackend.get();
    } catch (LinkageError | RuntimeException e) {
      synchronized (KernelBackends.class) {
        if (llvmFailure == null) {
          llvmFailure = String.valueOf(e.getMessage());
          LOG.log(System.Logger.Level.WARNING, "LLVM cannot load on this machine (" + llvmFailure
              + "); queries run with the Java reference kernels");
        }
      }
      return JavaKernelBackend.INSTANCE;
    }
  }

  /**
   * For a step too small to wait for {@code backend}'s compiler: kernels that start as the Java
   * reference's and become {@code backend}'s once compiled in the background. The Java reference
   * itself as it is.
   */
  static KernelBackend tiered(KernelBackend backend) {
    return backend == JavaKernelBackend.INSTANCE ? backend : TIERED.computeIfAbsent(backend, TieredKernelBackend::new);
  }

  /** A kernel of {@code predicate}, a {@link FilterCascade} if it has stages. */
  static FilterKernel filter(KernelBackend backend, Expr predicate) {
    return FilterCascade.of(predicate, stage -> {
      FilterKernel kernel = backend.filter(stage);
      return kernel != null ? kernel : JavaKernelBackend.INSTANCE.filter(stage);
    });
  }

  static ProjectKernel project(KernelBackend backend, Expr expression) {
    ProjectKernel kernel = backend.project(expression);
    return kernel != null ? kernel : JavaKernelBackend.INSTANCE.project(expression);
  }
}
