package org.blazedb.engine.kernel;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
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
  /**
   * Buffers for the positions a first stage keeps (256 KB, a batch of 64K rows; more for a larger
   * batch; not counted against a query's memory budget), taken by a cascade while it filters a
   * batch and given back: shared by every cascade, across queries. Cascades are made per query run
   * (a join's keys chained before a filter) and the workers are virtual threads made per run, so
   * buffers of a cascade's or a thread's own, fresh from the C library, were faulted in again at
   * each run (500 page faults over 15 runs of TPC-H Q2, Q3, Q5, Q10 and Q22).
   */
  private static final Deque<MemorySegment> FREE = new ConcurrentLinkedDeque<>();
  private static final long BUFFER_BYTES = 1 << 18;

  private final FilterKernel first;
  private final FilterKernel then;

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
    MemorySegment positions = FREE.poll();
    if (positions == null || positions.byteSize() < 4L * batch.rows()) {
      positions = Arena.ofAuto().allocate(Math.max(4L * batch.rows(), BUFFER_BYTES), 64);
    }
    try {
      int n = first.apply(batch, positions);
      return n == 0 ? 0 : then.apply(batch.withSelection(positions, n), selection);
    } finally {
      FREE.push(positions);
    }
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
