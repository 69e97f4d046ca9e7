package org.blazedb.engine.kernel;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.blazedb.engine.expr.Expr;
import org.blazedb.engine.expr.Exprs;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.ValueType.Kind;

/**
 * The reference backend: expressions are interpreted a whole batch at a time, one loop per
 * operator (never one virtual call per row). It computes every expression the engine accepts,
 * so native backends are tested against it.
 */
public final class JavaKernelBackend implements KernelBackend {
  public static final JavaKernelBackend INSTANCE = new JavaKernelBackend();
  public static final String NAME = "java";

  private JavaKernelBackend() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public FilterKernel filter(Expr predicate) {
    int[] columns = Exprs.columns(predicate);
    return new FilterKernel() {
      @Override
      public int apply(Batch batch, MemorySegment selection) {
        int[] positions = positions(batch);
        Values result = Interpreter.evaluate(predicate, batch, positions);
        int count = 0;
        for (int i = 0; i < positions.length; i++) {
          if (result.longs()[i] != 0 && result.isValid(i)) {
            selection.setAtIndex(ValueLayout.JAVA_INT, count++, positions[i]);
          }
        }
        return count;
      }

      @Override
      public int[] columns() {
        return columns.clone();
      }

      @Override
      public String backend() {
        return NAME;
      }
    };
  }

  @Override
  public ProjectKernel project(Expr expression) {
    if (expression.type().kind() == Kind.VARCHAR) {
      return null;
    }
    int[] columns = Exprs.columns(expression);
    return new ProjectKernel() {
      @Override
      public void apply(Batch batch, MemorySegment values, MemorySegment validity) {
        int[] positions = positions(batch);
        Values result = Interpreter.evaluate(expression, batch, positions);
        if (result.doubles() != null) {
          MemorySegment.copy(result.doubles(), 0, values, ValueLayout.JAVA_DOUBLE, 0, positions.length);
        } else {
          MemorySegment.copy(result.longs(), 0, values, ValueLayout.JAVA_LONG, 0, positions.length);
        }
        for (int i = 0; i < positions.length; i++) {
          validity.set(ValueLayout.JAVA_BYTE, i, result.isValid(i) ? (byte) 1 : 0);
        }
      }

      @Override
      public int[] columns() {
        return columns.clone();
      }

      @Override
      public String backend() {
        return NAME;
      }
    };
  }

  @Override
  public AggregateKernel aggregate(AggregateUpdate update) {
    return new JavaAggregateKernel(update);
  }

  private static int[] positions(Batch batch) {
    int[] positions = new int[batch.selected()];
    if (batch.selection() == null) {
      for (int i = 0; i < positions.length; i++) {
        positions[i] = i;
      }
    } else {
      MemorySegment.copy(batch.selection(), ValueLayout.JAVA_INT, 0, positions, 0, positions.length);
    }
    return positions;
  }
}
