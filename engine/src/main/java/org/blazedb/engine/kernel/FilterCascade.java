package org.blazedb.engine.kernel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.blazedb.engine.expr.Expr;
import org.blazedb.engine.expr.Exprs;
import org.blazedb.engine.expr.Op;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.ValueType;

/**
 * A conjunction filtered in two stages: the conjuncts over numbers and dates first, then those that
 * read strings, over the rows the first kept. A kernel computes every conjunct of every row (no
 * branch per row), so a string comparison cost as much on the rows a date range had ruled out:
 * TPC-H Q12's {@code l_shipmode IN ('MAIL', 'SHIP')} took two thirds of its filter over 6M
 * lineitems, of which its dates keep 2%.
 */
public final class FilterCascade implements FilterKernel {
  private final List<FilterKernel> stages;
  /** Each thread's positions between the stages; kernels are shared by a query's workers. */
  private final ThreadLocal<MemorySegment> between = new ThreadLocal<>();

  private FilterCascade(List<FilterKernel> stages) {
    this.stages = List.copyOf(stages);
  }

  /**
   * {@code predicate} compiled by {@code compile}: as one kernel, or as a cascade of the
   * {@link #stages} when it has more than one.
   */
  public static FilterKernel of(Expr predicate, Function<Expr, FilterKernel> compile) {
    List<Expr> stages = stages(predicate);
    return stages.size() == 1 ? compile.apply(predicate)
        : new FilterCascade(stages.stream().map(compile).toList());
  }

  /**
   * The predicate as the conjunctions applied in turn: the conjuncts that read no string and cannot
   * fail, then the others in their order (one that can fail, a division, stays behind the conjuncts
   * written before it, which may be what keeps it from failing); the predicate alone when either
   * part is empty.
   */
  public static List<Expr> stages(Expr predicate) {
    List<Expr> cheap = new ArrayList<>();
    List<Expr> costly = new ArrayList<>();
    for (Expr conjunct : conjuncts(predicate, new ArrayList<>())) {
      (readsStrings(conjunct) || Exprs.mayFail(conjunct) ? costly : cheap).add(conjunct);
    }
    return cheap.isEmpty() || costly.isEmpty() ? List.of(predicate) : List.of(and(cheap), and(costly));
  }

  private static List<Expr> conjuncts(Expr e, List<Expr> out) {
    if (e instanceof Expr.Call c && c.op() == Op.AND) {
      c.operands().forEach(operand -> conjuncts(operand, out));
    } else {
      out.add(e);
    }
    return out;
  }

  private static boolean readsStrings(Expr e) {
    return e.type().kind() == ValueType.Kind.VARCHAR
        || e instanceof Expr.Call c && c.operands().stream().anyMatch(FilterCascade::readsStrings);
  }

  private static Expr and(List<Expr> conjuncts) {
    Expr and = conjuncts.getFirst();
    for (Expr next : conjuncts.subList(1, conjuncts.size())) {
      and = new Expr.Call(Op.AND, ValueType.BOOLEAN, List.of(and, next));
    }
    return and;
  }

  @Override
  public int apply(Batch batch, MemorySegment selection) {
    // the stages write to selection and the scratch in turn, so that the last writes to selection
    MemorySegment scratch = scratch(4L * batch.rows());
    MemorySegment out = stages.size() % 2 == 1 ? selection : scratch;
    int n = stages.getFirst().apply(batch, out);
    for (FilterKernel stage : stages.subList(1, stages.size())) {
      MemorySegment next = out == selection ? scratch : selection;
      n = n == 0 ? 0 : stage.apply(batch.withSelection(out, n), next);
      out = next;
    }
    return n;
  }

  private MemorySegment scratch(long bytes) {
    MemorySegment scratch = between.get();
    if (scratch == null || scratch.byteSize() < bytes) {
      scratch = Arena.ofAuto().allocate(Math.max(bytes, 4096), 64);
      between.set(scratch);
    }
    return scratch;
  }

  @Override
  public int[] columns() {
    return stages.stream().flatMapToInt(s -> java.util.Arrays.stream(s.columns())).distinct().sorted().toArray();
  }

  @Override
  public String backend() {
    return String.join("+", stages.stream().map(FilterKernel::backend).distinct().toList());
  }
}
