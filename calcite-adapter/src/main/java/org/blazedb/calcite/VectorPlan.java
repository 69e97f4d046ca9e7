package org.blazedb.calcite;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.blazedb.engine.exec.AggregateCall;
import org.blazedb.engine.exec.AggregateResult;
import org.blazedb.engine.exec.BatchSource;
import org.blazedb.engine.exec.Calc;
import org.blazedb.engine.exec.Columns;
import org.blazedb.engine.exec.HashJoin;
import org.blazedb.engine.exec.JoinTable;
import org.blazedb.engine.exec.JoinType;
import org.blazedb.engine.exec.MaterializedSource;
import org.blazedb.engine.exec.MemoryBudget;
import org.blazedb.engine.exec.Morsels;
import org.blazedb.engine.exec.OrderBy;
import org.blazedb.engine.exec.Pipeline;
import org.blazedb.engine.exec.ProbeKeyFilter;
import org.blazedb.engine.exec.Stage;
import org.blazedb.engine.exec.UnnestSource;
import org.blazedb.engine.expr.Expr;
import org.blazedb.engine.expr.Exprs;
import org.blazedb.engine.kernel.AggregateKernel;
import org.blazedb.engine.kernel.FilterKernel;
import org.blazedb.engine.kernel.JavaKernelBackend;
import org.blazedb.engine.kernel.KernelBackend;
import org.blazedb.engine.kernel.ProjectKernel;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.storage.blz.BlzBatchSource;
import org.blazedb.storage.blz.ChunkMeta;
import org.blazedb.storage.blz.ColumnLayout;
import org.blazedb.storage.blz.ColumnNode;
import org.blazedb.storage.blz.PhysicalColumn;
import org.blazedb.storage.blz.TableSnapshot;

/**
 * What a {@link BlazeVectorRel} runs: an input (a BLZ table, or the rows of an aggregating plan),
 * the steps its batches are pushed through (filter and project, hash join probes, each with its
 * kernels compiled), then optionally a hash aggregate and a sort (with offset and fetch). Its rows
 * are the one place where the engine's batches become Calcite's rows.
 */
public record VectorPlan(Input input, List<Step> steps, Aggregation aggregate, OrderBy order, ExecutionOptions options) {
  public VectorPlan {
    steps = List.copyOf(steps);
  }

  /** Where the first step's batches come from. */
  sealed interface Input {}

  /** A BLZ table; the first step is a {@link CalcStep} whose expressions say which columns are read. */
  record Scan(BlazeTable table, ScanSpec spec, List<ValueType> fieldTypes) implements Input {}

  /** The rows of a plan that aggregates or sorts, held by the engine. */
  record Materialized(VectorPlan plan) implements Input {}

  /** The rows of all these plans (UNION ALL), held by the engine; their output types are the same. */
  record Union(List<VectorPlan> plans) implements Input {}

  /**
   * UNNEST of a var dim of a BLZ table ({@code FROM t, UNNEST(t.a)}: Calcite's Correlate over an
   * Uncollect): one row per element, the table's fields (the array's own field never read), then
   * the element's fields. An outer UNNEST ({@code LEFT JOIN UNNEST(t.a) ON TRUE}) also gives a row
   * of NULL elements for each row whose array is empty or NULL. The first step is a
   * {@link CalcStep} whose expressions say which columns are read.
   */
  record Unnest(Scan parent, int arrayField, ColumnNode.ListNode list, List<ValueType> elementTypes, boolean outer)
      implements Input {
    @Override
    public String toString() {
      return (outer ? "outer " : "") + "unnest " + parent.table().blz().name() + "." + list.path();
    }
  }

  sealed interface Step {
    List<ValueType> outputTypes();
  }

  /** Filter and projections over the previous step's columns. */
  record CalcStep(Expr filter, List<Expr> projections, FilterKernel filterKernel, List<ProjectKernel> kernels)
      implements Step {
    static CalcStep compile(Expr filter, List<Expr> projections, KernelBackend backend) {
      List<ProjectKernel> kernels = new ArrayList<>();
      for (Expr e : projections) {
        kernels.add(e instanceof Expr.ColumnRef ? null : KernelBackends.project(backend, e));
      }
      return new CalcStep(filter, projections, filter == null ? null : KernelBackends.filter(backend, filter), kernels);
    }

    @Override
    public List<ValueType> outputTypes() {
      return projections.stream().map(Expr::type).toList();
    }

    /** The input columns its filter and projections read. */
    BitSet columnsRead() {
      BitSet used = new BitSet();
      if (filter != null) {
        Exprs.columns(filter, used);
      }
      projections.forEach(e -> Exprs.columns(e, used));
      return used;
    }

    Calc stage() {
      List<Calc.Projection> outputs = new ArrayList<>();
      for (int p = 0; p < projections.size(); p++) {
        Expr e = projections.get(p);
        outputs.add(e instanceof Expr.ColumnRef ref ? Calc.Projection.of(ref.column(), ref.type())
            : Calc.Projection.of(kernels.get(p), e.type()));
      }
      return new Calc(filterKernel, outputs);
    }

    @Override
    public String toString() {
      return (filter == null ? "" : "filter=" + filter.shape() + ", ") + "project="
          + projections.stream().map(Expr::shape).toList();
    }
  }

  /**
   * A hash join probed by the previous step's batches. Its output is the probe columns then the
   * build plan's (the probe columns alone for SEMI and ANTI, the build plan's alone for
   * BUILD_SEMI and BUILD_ANTI).
   *
   * @param residual a condition over the joined columns besides the key equalities, or null
   * @param buildRows the planner's estimate of the build side's rows (room is made for them at once)
   * @param selectivity the planner's estimate of the rows out per probe row
   */
  record JoinStep(VectorPlan build, List<Integer> probeKeys, List<Integer> buildKeys, List<ValueType> keyTypes,
      JoinType type, List<ValueType> probeTypes, Expr residual, FilterKernel residualKernel, long buildRows,
      double selectivity) implements Step {
    /** The same join probed by batches of {@code types}, whose first columns are the ones its keys read. */
    JoinStep probing(List<ValueType> types) {
      return new JoinStep(build, probeKeys, buildKeys, keyTypes, type, types, residual, residualKernel, buildRows,
          selectivity);
    }

    /**
     * Whether {@code next}, a step after this one, may go before it: both inner joins without
     * residuals, and {@code next}'s keys read only columns from before this one.
     *
     * @param between the columns of this join's output that {@code next} is probed with (a
     *     projection of columns between them), or null for all
     */
    boolean commutesWith(List<Integer> between, JoinStep next) {
      int base = probeTypes.size();
      return type == JoinType.INNER && next.type == JoinType.INNER && residual == null && next.residual == null
          && next.probeKeys.stream().allMatch(k -> (between == null ? k : between.get(k)) < base);
    }

    /**
     * {@code next} (which {@link #commutesWith} this) first, then this join, then the columns as
     * this join, the projection {@code between} and {@code next} give them.
     */
    List<Step> afterJoining(List<Integer> between, JoinStep next, KernelBackend backend) {
      int base = probeTypes.size();
      int width = build.outputTypes().size();
      List<Integer> probed = between != null ? between : java.util.stream.IntStream.range(0, base + width).boxed().toList();
      JoinStep first = new JoinStep(next.build, next.probeKeys.stream().map(probed::get).toList(), next.buildKeys,
          next.keyTypes, next.type, probeTypes, null, null, next.buildRows, next.selectivity);
      JoinStep second = probing(first.outputTypes());
      // now: the probe's columns, next's build columns, this join's
      List<ValueType> types = second.outputTypes();
      int nextWidth = next.build.outputTypes().size();
      List<Expr> order = new ArrayList<>();
      for (int c : probed) {
        int from = c < base ? c : c + nextWidth;
        order.add(new Expr.ColumnRef(from, types.get(from)));
      }
      for (int c = base; c < base + nextWidth; c++) {
        order.add(new Expr.ColumnRef(c, types.get(c)));
      }
      return List.of(first, second, CalcStep.compile(null, order, backend));
    }

    @Override
    public List<ValueType> outputTypes() {
      if (type.buildOnly()) {
        return build.outputTypes();
      }
      List<ValueType> types = new ArrayList<>(probeTypes);
      if (!type.probeOnly()) {
        types.addAll(build.outputTypes());
      }
      return types;
    }

    @Override
    public String toString() {
      return "join=" + type + " " + probeKeys + "=" + buildKeys
          + (residual == null ? "" : " residual=" + residual.shape()) + " build=[" + build.describe() + "]";
    }
  }

  /** GROUP BY {@code keys} (column numbers) computing {@code calls}, by {@code kernels}, over the last step's columns. */
  record Aggregation(List<Integer> keys, List<AggregateCall> calls, List<AggregateKernel> kernels) {
    static Aggregation compile(List<Integer> keys, List<AggregateCall> calls, KernelBackend backend) {
      return new Aggregation(keys, calls, AggregateCall.kernels(calls, backend));
    }
  }

  /** The types of the plan's output columns. */
  List<ValueType> outputTypes() {
    if (aggregate == null) {
      return steps.getLast().outputTypes();
    }
    List<ValueType> before = steps.getLast().outputTypes();
    List<ValueType> types = new ArrayList<>(aggregate.keys().stream().map(before::get).toList());
    aggregate.calls().forEach(c -> types.add(c.resultType()));
    return types;
  }

  VectorPlan withStep(Step step) {
    List<Step> more = new ArrayList<>(steps);
    more.add(step);
    return new VectorPlan(input, more, null, null, options);
  }

  /**
   * This plan without the columns its last calculation outputs, for an aggregate that reads none
   * ({@code COUNT(*)}): the scan then reads its filter's columns, or the first one, not all of them.
   */
  VectorPlan withoutColumns() {
    if (!pipelined() || steps.isEmpty() || !(steps.getLast() instanceof CalcStep last)) {
      return this;
    }
    List<Step> pruned = new ArrayList<>(steps.subList(0, steps.size() - 1));
    pruned.add(new CalcStep(last.filter(), List.of(), last.filterKernel(), List.of()));
    return new VectorPlan(input, pruned, null, null, options);
  }

  VectorPlan withAggregate(Aggregation aggregation) {
    return new VectorPlan(input, steps, aggregation, null, options);
  }

  VectorPlan withOrder(OrderBy orderBy) {
    return new VectorPlan(input, steps, aggregate, orderBy, options);
  }

  /** Whether the plan ends in a pipeline (no aggregate, no sort), so further steps fuse into it. */
  boolean pipelined() {
    return aggregate == null && order == null;
  }

  /**
   * Whether some row of the tables it reads may have no row in its output: a filter, an
   * aggregation, a limit, UNNEST, or a join other than an inner or left one to a build side that
   * keeps every row (taken to be a foreign key's partner, so it finds one).
   */
  boolean mayDropRows() {
    boolean input = switch (this.input) {
      case Scan scan -> false;
      case Materialized m -> m.plan().mayDropRows();
      case Union u -> u.plans().stream().anyMatch(VectorPlan::mayDropRows);
      case Unnest u -> true;
    };
    return input || aggregate != null || order != null && (order.fetch() >= 0 || order.offset() > 0)
        || steps.stream().anyMatch(step -> switch (step) {
          case CalcStep calc -> calc.filter() != null;
          case JoinStep join -> join.residual() != null || join.build().mayDropRows()
              || join.type() != JoinType.INNER && join.type() != JoinType.LEFT;
        });
  }

  /** This plan as the input of further steps: itself, or its rows if it aggregates or sorts (order kept). */
  VectorPlan continued(Step step) {
    return pipelined() ? withStep(step) : new VectorPlan(new Materialized(this), List.of(step), null, null, options);
  }

  /** The backends that compiled the kernels, for EXPLAIN: "llvm", "java", "llvm+java", or "none". */
  String backends() {
    java.util.Set<String> names = new java.util.TreeSet<>(java.util.Comparator.reverseOrder());
    collectBackends(names);
    return names.isEmpty() ? "none" : String.join("+", names);
  }

  private void collectBackends(java.util.Set<String> names) {
    switch (input) {
      case Materialized m -> m.plan().collectBackends(names);
      case Union u -> u.plans().forEach(p -> p.collectBackends(names));
      case Scan s -> { }
      case Unnest u -> { }
    }
    for (Step step : steps) {
      switch (step) {
        case CalcStep c -> {
          if (c.filterKernel() != null) {
            names.add(c.filterKernel().backend());
          }
          c.kernels().stream().filter(Objects::nonNull).forEach(k -> names.add(k.backend()));
        }
        case JoinStep j -> {
          if (j.residualKernel() != null) {
            names.add(j.residualKernel().backend());
          }
          j.build().collectBackends(names);
        }
      }
    }
    if (aggregate != null) {
      aggregate.kernels().forEach(k -> names.add(k.backend()));
    }
  }

  /** The plan in one line, for EXPLAIN. */
  String describe() {
    String from = switch (input) {
      case Scan s -> "scan " + s.table().blz().name();
      case Unnest u -> u.toString();
      case Materialized m -> "rows of [" + m.plan().describe() + "]";
      case Union u -> "union all of " + u.plans().stream().map(p -> "[" + p.describe() + "]").toList();
    };
    String rest = steps.stream().map(Object::toString).collect(Collectors.joining("; "));
    return from + ": " + rest + (aggregate == null ? "" : "; group=" + aggregate.keys() + " aggs=" + aggregate.calls())
        + (order == null ? "" : "; " + order);
  }

  /**
   * What the plan's rows depend on, in one line: its structure with every constant (where
   * {@link #describe} numbers them) and without its compiled kernels. Subplans of a query with the
   * same identity give the same rows (TPC-H Q15 reads its view twice), so one execution computes
   * them once.
   */
  String identity() {
    String rest = steps.stream().map(step -> switch (step) {
      case CalcStep c -> "filter=" + c.filter() + " project=" + c.projections();
      case JoinStep j -> "join=" + j.type() + j.probeKeys() + "=" + j.buildKeys() + " residual=" + j.residual()
          + " build=[" + j.build().identity() + "]";
    }).collect(Collectors.joining("; "));
    return identity(input) + ": " + rest + (aggregate == null ? "" : "; group=" + aggregate.keys() + " aggs="
        + aggregate.calls()) + (order == null ? "" : "; " + order);
  }

  private static String identity(Input input) {
    return switch (input) {
      case Scan s -> "scan " + s.table().blz().name() + java.util.Arrays.toString(s.spec().fields()) + " paths="
          + s.spec().paths() + " zone=" + s.spec().zone();
      case Unnest u -> u + " " + u.arrayField() + " of " + identity(u.parent());
      case Materialized m -> "rows of [" + m.plan().identity() + "]";
      case Union u -> "union all of " + u.plans().stream().map(p -> "[" + p.identity() + "]").toList();
    };
  }

  /** The rows (an Object[] each, or the bare value when there is one column), in Calcite's representation. */
  public Enumerable<Object> rows(DataContext root) {
    boolean scalar = outputTypes().size() == 1;
    return Stopping.wrap(root, new AbstractEnumerable<>() {
      // taken once: a correlated subquery walks the rows again per outer row
      private final Map<BlazeTable, TableSnapshot> snapshots = new HashMap<>();
      // What the engine holds (aggregate and sort results, join build sides) is kept for the next
      // walk: it depends on nothing but the snapshots (the engine takes no correlated variables or
      // parameters), and a nested loop join walks its inner input once per outer row.
      private final Map<String, Object> held = new HashMap<>();
      private List<Object> aggregated;
      private Columns sorted;

      @Override
      public Enumerator<Object> enumerator() {
        if (aggregated != null) {
          return Linq4j.enumerator(aggregated);
        }
        if (sorted != null) {
          return new ColumnsEnumerator(sorted, scalar);
        }
        // a budget a walk, as its limit is (what a walk builds and does not hold is not given
        // back one by one), its memory freed with the statement's result set, what is held included
        MemoryBudget budget = StatementBudgets.track(root, new MemoryBudget(options.memoryLimitBytes()));
        Execution execution = new Execution(snapshots, held, budget, Stopping.check(root));
        if (order != null) {
          sorted = execution.sorted(VectorPlan.this);
          return new ColumnsEnumerator(sorted, scalar);
        }
        if (aggregate != null) {
          List<Object[]> rows = execution.aggregate(VectorPlan.this).rows();
          aggregated = scalar ? rows.stream().map(r -> r[0]).toList() : new ArrayList<>(rows);
          return Linq4j.enumerator(aggregated);
        }
        return new RowEnumerator(Morsels.rows(execution.pipeline(VectorPlan.this), options.threads(),
            execution.budget, execution.check), scalar);
      }
    });
  }

  /**
   * One run of a plan: the snapshots it reads, what it and earlier runs over the same snapshots
   * built (named by the identity of the plan that gives it), its memory budget, its cancel check.
   */
  private record Execution(Map<BlazeTable, TableSnapshot> snapshots, Map<String, Object> held, MemoryBudget budget,
      Runnable check) {
    /**
     * What {@code key} names (the rows of a plan by its {@link #identity}, a join's table),
     * computed once per execution. Not computeIfAbsent: computing one may hold others.
     */
    @SuppressWarnings("unchecked")
    private <T> T held(String key, java.util.function.Supplier<T> compute) {
      T value = (T) held.get(key);
      if (value == null) {
        value = compute.get();
        held.put(key, value);
      }
      return value;
    }

    AggregateResult aggregate(VectorPlan plan) {
      Aggregation aggregation = plan.aggregate();
      BitSet read = new BitSet(); // the keys and the aggregates' arguments: other columns are not made
      aggregation.keys().forEach(read::set);
      aggregation.calls().stream().filter(c -> c.input() >= 0).forEach(c -> read.set(c.input()));
      return Morsels.aggregate(pipeline(plan, read), aggregation.keys(), aggregation.calls(), aggregation.kernels(),
          plan.options().threads(), budget, check);
    }

    /** The rows of a plan that sorts, in order. */
    Columns sorted(VectorPlan plan) {
      OrderBy order = plan.order();
      if (plan.aggregate() == null) {
        return order.sort(pipeline(plan), plan.options().threads(), budget, check);
      }
      return aggregate(plan).sorted(order, plan.outputTypes(), budget);
    }

    /**
     * The plan's output rows, held by the engine.
     *
     * @param expectedRows the planner's estimate; room is made for that many rows at once, unless
     *     the plan joins (the estimate may then be far too high) or its source holds fewer
     * @param read the output columns read (the others are not kept), or null for all
     */
    Columns materialize(VectorPlan plan, String operator, long expectedRows, BitSet read) {
      if (plan.order() != null) {
        return sorted(plan);
      }
      if (plan.aggregate() != null) {
        Columns columns = new Columns(plan.outputTypes(), budget, operator);
        aggregate(plan).appendTo(columns);
        return columns;
      }
      Pipeline pipeline = pipeline(plan, read);
      boolean joins = plan.steps().stream().anyMatch(JoinStep.class::isInstance);
      Columns columns = new Columns(plan.outputTypes(), read, budget, operator,
          joins ? 0 : Math.min(expectedRows, pipeline.source().rows()));
      Morsels.collect(pipeline, columns, plan.options().threads(), budget, check);
      return columns;
    }

    /** The plan's pipeline, without its aggregate; the build sides of its joins are built here. */
    Pipeline pipeline(VectorPlan plan) {
      return pipeline(plan, null);
    }

    /**
     * The plan's pipeline for a sink that reads only the output columns {@code read} (null: all):
     * the build sides of its joins keep only the columns read after them (TPC-H Q21 carried the
     * nation's name and the order status, each only filtered on, through two joins' build sides).
     */
    Pipeline pipeline(VectorPlan plan, BitSet read) {
      Pipeline pipeline = unnarrowed(plan, read);
      return read == null ? pipeline : pipeline.readingOnly(read);
    }

    private Pipeline unnarrowed(VectorPlan plan, BitSet read) {
      int firstJoin = firstJoin(plan);
      if (firstJoin >= 0) {
        // the rows of its input as its first join's probe sees them
        VectorPlan probe = new VectorPlan(plan.input(), plan.steps().subList(0, firstJoin), null, null, plan.options());
        Columns rows = firstJoin == 0 ? materialized((Materialized) plan.input())
            : held(identity(new Materialized(probe)), () -> materialize(probe, "join (probe side)", 0, null));
        JoinStep join = (JoinStep) plan.steps().get(firstJoin);
        List<Step> rest = plan.steps().subList(firstJoin + 1, plan.steps().size());
        return swapsSides(join, rows) ? swapped(join, rows, rest)
            : new Pipeline(new MaterializedSource(rows), stages(plan.steps().subList(firstJoin, plan.steps().size()), read));
      }
      BatchSource source = switch (plan.input()) {
        case Scan s -> scan(s, (CalcStep) plan.steps().getFirst());
        case Unnest u -> unnest(u, (CalcStep) plan.steps().getFirst());
        case Materialized m -> new MaterializedSource(materialized(m));
        case Union u -> new MaterializedSource(held(identity(u), () -> union(u)));
      };
      return new Pipeline(source, stages(plan.steps(), read));
    }

    /**
     * Of a plan over materialized rows (an aggregate's, a sort's), the step of its first join if
     * only filters and projections come before it; else -1.
     */
    private static int firstJoin(VectorPlan plan) {
      if (!(plan.input() instanceof Materialized)) {
        return -1;
      }
      for (int s = 0; s < plan.steps().size(); s++) {
        if (plan.steps().get(s) instanceof JoinStep) {
          return s;
        }
      }
      return -1;
    }

    /** The steps' stages, for a sink that reads their output columns {@code read} (null: all). */
    private List<Stage> stages(List<Step> steps, BitSet read) {
      Map<VectorPlan, BitSet> buildReads = buildColumnsRead(steps, read);
      return ProbeKeyFilter.hoisted(byBuiltSides(steps, buildReads).stream().map(step -> stage(step, buildReads)).toList());
    }

    /**
     * The output columns of each join's build plan that the steps read, when their own output
     * columns {@code read} are (null: all): those the join gives that are read after it, its keys
     * and its residual's columns. By build plan: reordering the joins makes new steps of them.
     */
    private static Map<VectorPlan, BitSet> buildColumnsRead(List<Step> steps, BitSet read) {
      Map<VectorPlan, BitSet> reads = new java.util.IdentityHashMap<>();
      BitSet needed = new BitSet();
      if (steps.isEmpty()) {
        return reads;
      }
      if (read == null) {
        needed.set(0, steps.getLast().outputTypes().size());
      } else {
        needed.or(read);
      }
      for (int s = steps.size() - 1; s >= 0; s--) {
        switch (steps.get(s)) {
          case CalcStep calc -> {
            BitSet in = new BitSet();
            if (calc.filter() != null) {
              Exprs.columns(calc.filter(), in);
            }
            needed.stream().forEach(p -> Exprs.columns(calc.projections().get(p), in));
            needed = in;
          }
          case JoinStep join -> {
            int width = join.probeTypes().size();
            BitSet joined = new BitSet(); // the probe's columns, then the build plan's
            needed.stream().forEach(c -> joined.set(join.type().buildOnly() ? width + c : c));
            if (join.residual() != null) {
              Exprs.columns(join.residual(), joined);
            }
            join.probeKeys().forEach(joined::set);
            join.buildKeys().forEach(k -> joined.set(width + k));
            reads.computeIfAbsent(join.build(), b -> new BitSet()).or(joined.get(width, Math.max(width, joined.length())));
            needed = joined.get(0, width);
          }
        }
      }
      return reads;
    }

    /**
     * The steps, with each two joins that commute (perhaps a projection of columns between them)
     * in the order of the shares of their build sides' tables they kept, the smaller first, where
     * both build sides have unique keys: a probe row then matches one build row at most, and a
     * join keeps about that share of the probe rows (those whose foreign key is among the primary
     * keys kept). The planner ordered the joins by estimates; these are the rows built (TPC-H Q5:
     * Calcite joins lineitem to the suppliers of Asia, a fifth, before the orders of one year, a
     * seventh).
     */
    private List<Step> byBuiltSides(List<Step> steps, Map<VectorPlan, BitSet> buildReads) {
      List<Step> ordered = new ArrayList<>(steps);
      for (int s = 0; s + 1 < ordered.size(); s++) {
        if (!(ordered.get(s) instanceof JoinStep last)) {
          continue;
        }
        List<Integer> between = s + 2 < ordered.size() ? columnsMoved(ordered.get(s + 1)) : null;
        int n = between == null ? 2 : 3;
        if (ordered.get(s + n - 1) instanceof JoinStep next && last.commutesWith(between, next)
            && keptShare(next, buildReads) < keptShare(last, buildReads)) {
          ordered.subList(s, s + n).clear();
          // the step putting the columns back only moves them: it has no kernel to compile
          ordered.addAll(s, last.afterJoining(between, next, JavaKernelBackend.INSTANCE));
          s += 2;
        }
      }
      return ordered;
    }

    /** The columns a step gives, if it only picks columns (no filter, no expression); else null. */
    private static List<Integer> columnsMoved(Step step) {
      if (!(step instanceof CalcStep calc) || calc.filter() != null
          || !calc.projections().stream().allMatch(Expr.ColumnRef.class::isInstance)) {
        return null;
      }
      return calc.projections().stream().map(e -> ((Expr.ColumnRef) e).column()).toList();
    }

    /** The share of its source's rows that a join's build side kept, if its keys are unique; else NaN. */
    private double keptShare(JoinStep join, Map<VectorPlan, BitSet> buildReads) {
      JoinTable table = joinTable(join, buildReads.get(join.build()));
      // a table's keys (an aggregate's rows are no domain the probe's keys are known to come from)
      if (!(join.build().input() instanceof Scan scan)) {
        return Double.NaN;
      }
      long source = snapshots.computeIfAbsent(scan.table(), t -> t.blz().snapshot()).rows();
      return source > 0 && table.uniqueKeys() ? (double) table.rows().rows() / source : Double.NaN;
    }

    private Stage stage(Step step, Map<VectorPlan, BitSet> buildReads) {
      return switch (step) {
        case CalcStep c -> c.stage();
        case JoinStep j -> new HashJoin(joinTable(j, buildReads.get(j.build())), ints(j.probeKeys()), j.probeTypes(),
            j.type(), j.residualKernel());
      };
    }

    private Columns materialized(Materialized m) {
      return held(identity(m), () -> materialize(m.plan(), "aggregate result", 0, null));
    }

    /**
     * Whether a join probed by rows already materialized (an aggregate's, a sort's) should rather
     * build on them: they are known to be fewer than the planner's estimate of the build side,
     * which then streams through as the probe. Estimates of aggregates' rows are often far off
     * (TPC-H Q21 built 3.8 million lineitem rows to probe them with a few thousand).
     */
    private static boolean swapsSides(JoinStep join, Columns probeRows) {
      return join.build().pipelined() && 2L * probeRows.rows() < join.buildRows();
    }

    /**
     * The pipeline of a join with its sides swapped, and the steps after it: the build plan
     * streams, the probe side's rows are hashed.
     */
    private Pipeline swapped(JoinStep join, Columns rows, List<Step> rest) {
      Pipeline streamed = pipeline(join.build());
      List<ValueType> streamedTypes = join.build().outputTypes();
      List<Stage> stages = new ArrayList<>(streamed.stages());
      JoinTable table = new JoinTable(rows, ints(join.probeKeys()), join.keyTypes(), budget);
      if (join.type() == JoinType.INNER) {
        semiJoinEarly(stages, table, ints(join.buildKeys()));
      }
      FilterKernel residual = null;
      if (join.residual() != null) { // over the swapped pairs: the build plan's columns come first
        int probeColumns = rows.types().size();
        Expr swapped = Exprs.mapColumns(join.residual(),
            c -> c < probeColumns ? c + streamedTypes.size() : c - probeColumns);
        residual = KernelBackends.filter(KernelBackends.get(join.residualKernel().backend()), swapped);
      }
      stages.add(new HashJoin(table, ints(join.buildKeys()), streamedTypes, join.type().swapped(), residual));
      List<Calc.Projection> stepOrder = new ArrayList<>(); // the step's columns: the rows', then the build plan's
      for (int c = 0; c < rows.types().size(); c++) {
        stepOrder.add(Calc.Projection.of(streamedTypes.size() + c, rows.types().get(c)));
      }
      for (int c = 0; c < streamedTypes.size(); c++) {
        stepOrder.add(Calc.Projection.of(c, streamedTypes.get(c)));
      }
      if (!join.type().probeOnly() && !join.type().buildOnly()) {
        stages.add(new Calc(null, stepOrder));
      }
      stages.addAll(stages(rest, null));
      return new Pipeline(streamed.source(), stages);
    }

    /**
     * Before the first of {@code stages} after which the key columns {@code keys} (of the last
     * stage's output) pass on unchanged, a SEMI join with {@code table}: the streamed rows an INNER
     * join with it will drop are dropped before the stages in between join them (TPC-H Q18 joined
     * 1.5M orders with their customers, then kept 57).
     */
    private static void semiJoinEarly(List<Stage> stages, JoinTable table, int[] keys) {
      int at = stages.size();
      int[] columns = keys.clone();
      while (at > 1) {
        Stage stage = stages.get(at - 1);
        int[] passed = java.util.Arrays.stream(columns).map(stage::passes).toArray();
        if (java.util.Arrays.stream(passed).anyMatch(c -> c < 0)) {
          break;
        }
        columns = passed;
        at--;
      }
      if (at < stages.size()) {
        stages.add(at, new HashJoin(table, columns, stages.get(at - 1).outputTypes(), JoinType.SEMI, null));
      }
    }

    /**
     * The step's hash table, of the build plan's columns {@code read}; a new one for joins that
     * mark matched rows as they probe.
     */
    private JoinTable joinTable(JoinStep join, BitSet read) {
      // the rows by the plan that gives them and the columns kept, the table by them and the keys it hashes
      String rowsKey = identity(new Materialized(join.build())) + " keeping " + read;
      Columns rows = held(rowsKey, () -> materialize(join.build(), "hash join (build side)", join.buildRows(), read));
      java.util.function.Supplier<JoinTable> build = () -> new JoinTable(rows, ints(join.buildKeys()), join.keyTypes(),
          budget);
      return join.type().keepsBuildRows() ? build.get()
          : held("table on " + join.buildKeys() + join.keyTypes() + " of [" + rowsKey + "]", build);
    }

    private Columns union(Union union) {
      Columns rows = new Columns(union.plans().getFirst().outputTypes(), budget, "union");
      for (VectorPlan plan : union.plans()) {
        if (plan.pipelined()) {
          Morsels.collect(pipeline(plan), rows, plan.options().threads(), budget, check);
        } else {
          Columns some = materialize(plan, "union", 0, null);
          rows.append(some, java.util.stream.IntStream.range(0, some.rows()).toArray());
          some.release();
        }
      }
      return rows;
    }

    private BatchSource scan(Scan scan, CalcStep first) {
      BlazeTable table = scan.table();
      TableSnapshot snapshot = snapshots.computeIfAbsent(table, t -> t.blz().snapshot());
      ColumnNode.Struct root = table.blz().layout().root();
      BitSet used = first.columnsRead();
      if (used.isEmpty() && !scan.fieldTypes().isEmpty()) {
        used.set(0); // COUNT(*) needs the row count of each chunk: read the first column
      }
      List<PhysicalColumn> columns = new ArrayList<>();
      int[] fields = scan.spec().fields();
      for (int f = 0; f < fields.length; f++) {
        columns.add(used.get(f) ? table.blz().layout().column(root.children().get(fields[f]).path()) : null);
      }
      String anyColumn = columns.stream().filter(Objects::nonNull).findFirst().orElseThrow().path();
      int[] chunks = BlazeTable.chunksToRead(snapshot, scan.spec().zone(), anyColumn);
      return new BlzBatchSource(snapshot, columns, scan.fieldTypes(), chunks);
    }

    /**
     * The elements of the array as a source of their own (in the element columns' chunks), the
     * read parent columns held in table order beside where each row's elements start.
     */
    private BatchSource unnest(Unnest unnest, CalcStep first) {
      BlazeTable table = unnest.parent().table();
      TableSnapshot snapshot = snapshots.computeIfAbsent(table, t -> t.blz().snapshot());
      ColumnLayout layout = table.blz().layout();
      List<ValueType> fieldTypes = unnest.parent().fieldTypes();
      BitSet used = first.columnsRead();
      List<PhysicalColumn> parentColumns = new ArrayList<>();
      List<ValueType> parentTypes = new ArrayList<>();
      List<Integer> parentAt = new ArrayList<>();
      int[] fields = unnest.parent().spec().fields();
      for (int f = 0; f < fieldTypes.size(); f++) {
        if (used.get(f) && f != unnest.arrayField()) {
          parentColumns.add(layout.column(layout.root().children().get(fields[f]).path()));
          parentTypes.add(fieldTypes.get(f));
          parentAt.add(f);
        }
      }
      // one pass over the parent rows, in order: their read columns and their arrays' lengths
      PhysicalColumn lengths = layout.column(unnest.list().path());
      List<PhysicalColumn> read = new ArrayList<>(parentColumns);
      read.add(lengths);
      List<ValueType> readTypes = new ArrayList<>(parentTypes);
      readTypes.add(ValueType.BIGINT);
      Columns parents = new Columns(parentTypes, budget, "unnest (rows of " + table.blz().name() + ")");
      long[] starts = new long[(int) snapshot.rows() + 1];
      int row = 0;
      BlzBatchSource parentSource = new BlzBatchSource(snapshot, read, readTypes,
          java.util.stream.IntStream.range(0, snapshot.chunks(lengths.path()).size()).toArray());
      try (BatchSource.Reader reader = parentSource.open()) {
        for (int m = 0; m < parentSource.morsels(); m++) {
          Batch batch = reader.read(m);
          org.blazedb.engine.vector.Vector length = batch.columns()[parentColumns.size()];
          for (int i = 0; i < batch.rows(); i++, row++) {
            starts[row + 1] = starts[row] + (length.isValid(i) ? length.getLong(i) : 0);
          }
          parents.append(Batch.all(batch.rows(), java.util.Arrays.copyOf(batch.columns(), parentColumns.size())));
          check.run();
        }
      }
      // the element columns the plan reads (at least one, which counts the elements)
      List<ColumnNode.Leaf> leaves = elementLeaves(unnest.list());
      List<PhysicalColumn> elementColumns = new ArrayList<>();
      for (int e = 0; e < leaves.size(); e++) {
        boolean reads = used.get(fieldTypes.size() + e) || (e == 0 && used.nextSetBit(fieldTypes.size()) < 0);
        elementColumns.add(reads ? layout.column(leaves.get(e).path()) : null);
      }
      List<ChunkMeta> elementChunks = snapshot.chunks(leaves.getFirst().path());
      long[] morselStarts = new long[elementChunks.size()];
      for (int k = 1; k < morselStarts.length; k++) {
        morselStarts[k] = morselStarts[k - 1] + elementChunks.get(k - 1).rows();
      }
      BlzBatchSource elements = new BlzBatchSource(snapshot, elementColumns, unnest.elementTypes(),
          java.util.stream.IntStream.range(0, elementChunks.size()).toArray());
      return new UnnestSource(elements, morselStarts, parents, ints(parentAt), fieldTypes.size(), starts,
          unnest.elementTypes(), unnest.outer());
    }

    private static int[] ints(List<Integer> list) {
      return list.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  /** The scalar columns of an array's element: itself, or the fields of a record. */
  static List<ColumnNode.Leaf> elementLeaves(ColumnNode.ListNode list) {
    return switch (list.element()) {
      case ColumnNode.Leaf leaf -> List.of(leaf);
      case ColumnNode.Struct struct when !struct.nullable()
          && struct.children().stream().allMatch(ColumnNode.Leaf.class::isInstance) ->
          struct.children().stream().map(ColumnNode.Leaf.class::cast).toList();
      default -> List.of();
    };
  }

  /** Rows the engine holds, boxed one at a time as they are read. */
  private static final class ColumnsEnumerator implements Enumerator<Object> {
    private final Columns rows;
    private final org.blazedb.engine.vector.Vector[] columns;
    private final boolean scalar;
    private int row = -1;

    ColumnsEnumerator(Columns rows, boolean scalar) {
      this.rows = rows;
      this.columns = new org.blazedb.engine.vector.Vector[rows.types().size()];
      java.util.Arrays.setAll(columns, rows::column);
      this.scalar = scalar;
    }

    @Override
    public Object current() {
      if (scalar) {
        return org.blazedb.engine.vector.Boxing.get(columns[0], row);
      }
      Object[] values = new Object[columns.length];
      for (int c = 0; c < values.length; c++) {
        values[c] = org.blazedb.engine.vector.Boxing.get(columns[c], row);
      }
      return values;
    }

    @Override
    public boolean moveNext() {
      return ++row < rows.rows();
    }

    @Override
    public void reset() {
      row = -1;
    }

    @Override
    public void close() {} // the rows may be walked again; the garbage collector frees them
  }

  /** Rows from the engine's iterator; closing stops its workers. */
  private static final class RowEnumerator implements Enumerator<Object> {
    private final Morsels.RowIterator rows;
    private final boolean scalar;
    private Object current;

    RowEnumerator(Morsels.RowIterator rows, boolean scalar) {
      this.rows = rows;
      this.scalar = scalar;
    }

    @Override
    public Object current() {
      return current;
    }

    @Override
    public boolean moveNext() {
      if (!rows.hasNext()) {
        return false;
      }
      Object[] row = rows.next();
      current = scalar ? row[0] : row;
      return true;
    }

    @Override
    public void reset() {
      throw new UnsupportedOperationException("a scan cannot be restarted");
    }

    @Override
    public void close() {
      rows.close();
    }
  }
}
