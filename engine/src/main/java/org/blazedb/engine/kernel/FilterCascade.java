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
 * read strings or can fail, over the rows the first kept. A kernel computes every conjunct of every row (no
 * branch per row), so a string comparison cost as much on the rows a date range had ruled out:
 * TPC-H Q12's {@code l_shipmode IN ('MAIL', 'SHIP')} took two thirds of its filter over 6M
 * lineitems, of which its dates keep 2%.
 */
public final class FilterCascade implements FilterKernel {
  private final FilterKernel first;
  private final FilterKernel then;
  /**
   * Each thread's positions that the first stage keeps (a batch's at most, 256 KB for 64K rows;
   * not counted against the query's memory budget): kernels are shared by a query's workers.
   */
  private final ThreadLocal<MemorySegment> kept = new ThreadLocal<>();

  private FilterCascade(FilterKernel first, FilterKernel then) {
    this.first = first;
    this.then = then;
  }

  /**
   * {@code predicate} compiled by {@code compile}: as one kernel, or as a cascade of its two
   * {@link #stages} when it has them.
   */
  public static FilterKernel of(Expr predicate, Function<Expr, FilterKernel> compile) {
    List<Expr> stages = stages(predicate);
    return stages.size() == 1 ? compile.apply(predicate)
        : new FilterCascade(compile.apply(stages.get(0)), compile.apply(stages.get(1)));
  }

  /** {@code first}, then {@code then} over the rows it keeps. */
  public static FilterKernel chain(FilterKernel first, FilterKernel then) {
    return new FilterCascade(first, then);
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
    MemorySegment positions = kept(4L * batch.rows());
    int n = first.apply(batch, positions);
    return n == 0 ? 0 : then.apply(batch.withSelection(positions, n), selection);
  }

  private MemorySegment kept(long bytes) {
    MemorySegment positions = kept.get();
    if (positions == null || positions.byteSize() < bytes) {
      positions = Arena.ofAuto().allocate(Math.max(bytes, 4096), 64);
      kept.set(positions);
    }
    return positions;
  }

  @Override
  public int[] columns() {
    return java.util.stream.IntStream.concat(java.util.Arrays.stream(first.columns()),
        java.util.Arrays.stream(then.columns())).distinct().sorted().toArray();
  }

  @Override
  public String backend() {
    return first.backend().equals(then.backend()) ? first.backend() : first.backend() + "+" + then.backend();
  }
}
