package org.blazedb.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.atomic.AtomicInteger;
import org.blazedb.engine.expr.Expr;
import org.blazedb.engine.expr.Exprs;
import org.blazedb.engine.expr.Op;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.engine.vector.Vector;
import org.junit.jupiter.api.Test;

/**
 * Tiered kernels answer as the reference does from their first call, and switch to the compiler's
 * kernels once made in the background; a kernel the compiler declines or fails on stays the
 * reference's.
 */
class TieredKernelBackendTest {
  private static final Expr K = new Expr.ColumnRef(0, ValueType.BIGINT);
  private static final Expr PREDICATE = Exprs.call(Op.GREATER, ValueType.BOOLEAN, K, new Expr.Literal(4L, ValueType.BIGINT));
  private static final Expr DOUBLED = Exprs.call(Op.MULTIPLY, ValueType.BIGINT, K, new Expr.Literal(2L, ValueType.BIGINT));

  /**
   * A compiler whose kernels are the reference's (their backend, "java", tells them from the
   * tiered kernel's "java, then fake"), counting what it compiles; or declining, or failing.
   */
  private static final class Compiler implements KernelBackend {
    final AtomicInteger compiled = new AtomicInteger();
    final String mode;

    Compiler(String mode) {
      this.mode = mode;
    }

    @Override
    public String name() {
      return "fake";
    }

    private void compile() {
      compiled.incrementAndGet();
      if (mode.equals("fail")) {
        throw new IllegalStateException("this compiler fails");
      }
    }

    @Override
    public FilterKernel filter(Expr predicate) {
      compile();
      return mode.equals("decline") ? null : JavaKernelBackend.INSTANCE.filter(predicate);
    }

    @Override
    public ProjectKernel project(Expr expression) {
      compile();
      return mode.equals("decline") ? null : JavaKernelBackend.INSTANCE.project(expression);
    }

    @Override
    public AggregateKernel aggregate(AggregateUpdate update) {
      compile();
      return mode.equals("decline") ? null : JavaKernelBackend.INSTANCE.aggregate(update);
    }
  }

  @Test
  void startAsTheReferenceAndSwitchOnceCompiled() throws InterruptedException {
    Compiler compiler = new Compiler("compile");
    TieredKernelBackend tiered = new TieredKernelBackend(compiler);
    FilterKernel filter = tiered.filter(PREDICATE);
    ProjectKernel project = tiered.project(DOUBLED);
    AggregateKernel sum = tiered.aggregate(AggregateUpdate.SUM_LONG);
    assertEquals("java, then fake", filter.backend()); // as EXPLAIN shows it before the first call
    assertEquals(0, compiler.compiled.get(), "nothing compiled before a kernel is used");
    Batch batch = batch();
    for (int round = 0; round < 2; round++) {
      assertArrayEquals(new int[] {5, 6, 7, 8, 9}, filtered(filter, batch));
      assertArrayEquals(new long[] {0, 2, 4, 6, 8, 10, 12, 14, 16, 18}, projected(project, batch));
      AggregateState state = new AggregateState();
      state.grow(1);
      sum.update(batch.columns()[0], null, 10, state);
      assertEquals(45, state.low()[0]);
      awaitBackend("java", filter, project, sum);
    }
    assertEquals(3, compiler.compiled.get(), "each kernel compiled once");
  }

  @Test
  void kernelsDeclinedOrFailedStayTheReferences() throws InterruptedException {
    for (String mode : new String[] {"decline", "fail"}) {
      Compiler compiler = new Compiler(mode);
      FilterKernel filter = new TieredKernelBackend(compiler).filter(PREDICATE);
      assertArrayEquals(new int[] {5, 6, 7, 8, 9}, filtered(filter, batch()));
      for (int wait = 0; wait < 500 && compiler.compiled.get() == 0; wait++) {
        Thread.sleep(10);
      }
      Thread.sleep(50); // the compiler's answer is in
      assertEquals(1, compiler.compiled.get(), mode);
      assertEquals("java, then fake", filter.backend(), mode);
      assertArrayEquals(new int[] {5, 6, 7, 8, 9}, filtered(filter, batch()), mode);
    }
  }

  private static void awaitBackend(String name, FilterKernel filter, ProjectKernel project, AggregateKernel sum)
      throws InterruptedException {
    for (int wait = 0; wait < 1000; wait++) {
      if (filter.backend().equals(name) && project.backend().equals(name) && sum.backend().equals(name)) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("not compiled after 10 s: " + filter.backend() + ", " + project.backend() + ", " + sum.backend());
  }

  private static Batch batch() {
    MemorySegment values = Arena.ofAuto().allocate(8L * 10, 8);
    for (int i = 0; i < 10; i++) {
      values.setAtIndex(ValueLayout.JAVA_LONG, i, i);
    }
    return Batch.all(10, new Vector[] {Vector.fixed(ValueType.BIGINT, values, null)});
  }

  private static int[] filtered(FilterKernel filter, Batch batch) {
    MemorySegment out = Arena.ofAuto().allocate(4L * batch.rows(), 4);
    int n = filter.apply(batch, out);
    return out.asSlice(0, 4L * n).toArray(ValueLayout.JAVA_INT);
  }

  private static long[] projected(ProjectKernel project, Batch batch) {
    MemorySegment values = Arena.ofAuto().allocate(8L * batch.rows(), 8);
    MemorySegment validity = Arena.ofAuto().allocate(batch.rows(), 8);
    project.apply(batch, values, validity);
    return values.toArray(ValueLayout.JAVA_LONG);
  }
}
