package org.blazedb.calcite;

import org.blazedb.engine.expr.Expr;
import org.blazedb.engine.kernel.FilterKernel;
import org.blazedb.engine.kernel.JavaKernelBackend;
import org.blazedb.engine.kernel.KernelBackend;
import org.blazedb.engine.kernel.ProjectKernel;

/** The kernel backends by name, and the reference as the fallback for what a backend declines. */
final class KernelBackends {
  private KernelBackends() {}

  static KernelBackend get(String name) {
    return JavaKernelBackend.INSTANCE;
  }

  static FilterKernel filter(KernelBackend backend, Expr predicate) {
    FilterKernel kernel = backend.filter(predicate);
    return kernel != null ? kernel : JavaKernelBackend.INSTANCE.filter(predicate);
  }

  static ProjectKernel project(KernelBackend backend, Expr expression) {
    ProjectKernel kernel = backend.project(expression);
    return kernel != null ? kernel : JavaKernelBackend.INSTANCE.project(expression);
  }
}
