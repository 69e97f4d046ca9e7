package org.blazedb.engine.exec;

import java.util.List;
import org.blazedb.engine.kernel.AggregateKernel;
import org.blazedb.engine.kernel.AggregateUpdate;
import org.blazedb.engine.kernel.JavaKernelBackend;
import org.blazedb.engine.kernel.KernelBackend;
import org.blazedb.engine.vector.ValueType;

/**
 * One aggregate of a {@link HashAggregator}.
 *
 * @param input the input column, or -1 for COUNT(*)
 * @param distinct whether only distinct non-null values count
 * @param resultType the SQL type of the result
 */
public record AggregateCall(Function function, int input, boolean distinct, ValueType inputType, ValueType resultType) {
  public enum Function {
    COUNT,
    /** NULL over no values. */
    SUM,
    /** 0 over no values. */
    SUM0,
    MIN,
    MAX,
    /** Of DOUBLE values only: other types round as each SQL engine defines. */
    AVG
  }

  public AggregateCall {
    boolean numeric = input < 0 || inputType.isNumeric();
    boolean ordered = input >= 0 && inputType.kind() != ValueType.Kind.VARCHAR;
    boolean ok = switch (function) {
      case COUNT -> true;
      case SUM, SUM0 -> numeric && input >= 0;
      case MIN, MAX -> ordered;
      case AVG -> input >= 0 && inputType.kind() == ValueType.Kind.DOUBLE;
    };
    if (!ok) {
      throw new org.blazedb.engine.expr.UnsupportedExpressionException(function + " of " + inputType);
    }
  }

  /** How this call folds a value into its state. */
  public AggregateUpdate update() {
    if (input < 0) {
      return AggregateUpdate.COUNT_ROWS;
    }
    boolean isDouble = inputType.kind() == ValueType.Kind.DOUBLE;
    return switch (function) {
      case COUNT -> AggregateUpdate.COUNT;
      case SUM, SUM0, AVG -> isDouble ? AggregateUpdate.SUM_DOUBLE
          : inputType.kind() == ValueType.Kind.DECIMAL ? AggregateUpdate.SUM_DECIMAL : AggregateUpdate.SUM_LONG;
      case MIN -> isDouble ? AggregateUpdate.MIN_DOUBLE : AggregateUpdate.MIN_LONG;
      case MAX -> isDouble ? AggregateUpdate.MAX_DOUBLE : AggregateUpdate.MAX_LONG;
    };
  }

  /** The kernels of {@code calls} from {@code backend}, or from the Java reference where it declines. */
  public static List<AggregateKernel> kernels(List<AggregateCall> calls, KernelBackend backend) {
    return calls.stream().map(c -> {
      AggregateKernel kernel = backend.aggregate(c.update());
      return kernel != null ? kernel : JavaKernelBackend.INSTANCE.aggregate(c.update());
    }).toList();
  }

  @Override
  public String toString() {
    return function + "(" + (distinct ? "DISTINCT " : "") + (input < 0 ? "*" : "$" + input) + ")";
  }
}
