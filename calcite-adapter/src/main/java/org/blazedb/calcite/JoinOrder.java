package org.blazedb.calcite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.rules.MultiJoin;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.tools.Program;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Orders the inner joins of a MultiJoin by dynamic programming over its subsets of tables, each
 * subset joined as the cheapest of its splits in two (bushy trees included), the cost being the
 * rows the joins produce and the rows their hash tables hold. Columns equated by the conditions
 * form classes, so a join may use an equality the query implies but does not write: in TPC-H Q5
 * {@code c_nationkey = s_nationkey AND s_nationkey = n_nationkey} lets nation (and region) filter
 * customer, whose orders then filter lineitem to 3% of its rows. Calcite's heuristic
 * (LoptOptimizeJoinRule, which {@link BlazePrepare} keeps for what this does not order) adds one
 * table at a time by the distinct values of its key, and joined lineitem to the region's suppliers
 * first (20% kept).
 *
 * <p>Joins are estimated as {@link JoinSelectivity} estimates them: a join on key classes keeps
 * 1 / the larger number of distinct combinations of its two sides' keys; other conditions keep
 * Calcite's guesses. Row counts are kept between 1 and 1e300, so that no estimate is NaN. A split
 * into two parts no condition connects (a cross product) is taken only for a subset that has no
 * other.
 */
final class JoinOrder {
  static final Program INSTANCE = new BottomUpProgram(rel -> rel instanceof MultiJoin join && orderable(join)
      ? new JoinOrder(join).plan() : rel);

  /** Factors up to which every subset is planned (3^n splits); more are left to Calcite's heuristic. */
  private static final int MAX_FACTORS = 12;

  private final MultiJoin join;
  private final RexBuilder rex;
  private final int factorCount;
  /** The first field of each factor in the MultiJoin's row, and one past the last. */
  private final int[] start;
  /** The factor of each field of the MultiJoin's row. */
  private final int[] factorOfField;
  /** The class of equated columns of each field, or -1. */
  private final int[] classOf;
  private final List<int[]> classes = new ArrayList<>();
  /** Conditions that are not an equality of two columns, with the factors each reads. */
  private final List<RexNode> others = new ArrayList<>();
  private final List<Long> othersFactors = new ArrayList<>();
  private final double[] factorRows;
  /** Distinct values of each field in its factor. */
  private final double[] fieldDistinct;
  private final Plan[] best;

  /** The best plan found for a subset of the factors; a leaf is one factor. */
  private record Plan(long factors, double rows, double cost, Plan left, Plan right, boolean crossed) {}

  private static boolean orderable(MultiJoin join) {
    return join.getInputs().size() <= MAX_FACTORS && !join.isFullOuterJoin()
        && join.getJoinTypes().stream().allMatch(type -> type == JoinRelType.INNER);
  }

  private JoinOrder(MultiJoin join) {
    this.join = join;
    this.rex = join.getCluster().getRexBuilder();
    this.factorCount = join.getInputs().size();
    this.start = new int[factorCount + 1];
    for (int f = 0; f < factorCount; f++) {
      start[f + 1] = start[f] + join.getInputs().get(f).getRowType().getFieldCount();
    }
    this.factorOfField = new int[start[factorCount]];
    for (int f = 0; f < factorCount; f++) {
      Arrays.fill(factorOfField, start[f], start[f + 1], f);
    }
    this.classOf = new int[start[factorCount]];
    this.factorRows = new double[factorCount];
    this.fieldDistinct = new double[start[factorCount]];
    this.best = new Plan[1 << factorCount];
    classify(RelOptUtil.conjunctions(join.getJoinFilter()));
    estimateFactors(join.getCluster().getMetadataQuery());
  }

  /** Column equalities across factors into classes (union-find over fields); the rest kept as they are. */
  private void classify(List<RexNode> conjuncts) {
    int[] parent = new int[classOf.length];
    Arrays.setAll(parent, i -> i);
    boolean[] equated = new boolean[classOf.length];
    for (RexNode conjunct : conjuncts) {
      if (conjunct.getKind() == SqlKind.EQUALS && conjunct instanceof RexCall call
          && call.getOperands().get(0) instanceof RexInputRef a && call.getOperands().get(1) instanceof RexInputRef b
          && factorOf(a.getIndex()) != factorOf(b.getIndex())
          && a.getType().equalsSansFieldNames(rex.getTypeFactory().createTypeWithNullability(b.getType(),
              a.getType().isNullable()))) {
        parent[root(parent, a.getIndex())] = root(parent, b.getIndex());
        equated[a.getIndex()] = equated[b.getIndex()] = true;
      } else {
        others.add(conjunct);
        othersFactors.add(factorsOf(conjunct));
      }
    }
    int[] classOfRoot = new int[classOf.length];
    Arrays.fill(classOfRoot, -1);
    List<List<Integer>> members = new ArrayList<>();
    for (int field = 0; field < classOf.length; field++) {
      if (!equated[field]) {
        classOf[field] = -1;
        continue;
      }
      int root = root(parent, field);
      if (classOfRoot[root] < 0) {
        classOfRoot[root] = members.size();
        members.add(new ArrayList<>());
      }
      classOf[field] = classOfRoot[root];
      members.get(classOf[field]).add(field);
    }
    members.forEach(m -> classes.add(m.stream().mapToInt(Integer::intValue).toArray()));
  }

  private static int root(int[] parent, int field) {
    while (parent[field] != field) {
      parent[field] = parent[parent[field]];
      field = parent[field];
    }
    return field;
  }

  private void estimateFactors(RelMetadataQuery mq) {
    for (int f = 0; f < factorCount; f++) {
      RelNode factor = join.getInputs().get(f);
      factorRows[f] = rows(mq.getRowCount(factor));
      for (int field = start[f]; field < start[f + 1]; field++) {
        if (classOf[field] >= 0) {
          Double distinct = mq.getDistinctRowCount(factor, ImmutableBitSet.of(field - start[f]), null);
          fieldDistinct[field] = Math.min(distinct == null ? factorRows[f] : rows(distinct), factorRows[f]);
        }
      }
    }
  }

  /** An estimate of rows kept between 1 and 1e300: NaN is 1, so that costs always compare. */
  private static double rows(Double estimate) {
    return estimate == null || estimate.isNaN() ? 1 : Math.clamp(estimate, 1, 1e300);
  }

  private int factorOf(int field) {
    return factorOfField[field];
  }

  private long factorsOf(RexNode node) {
    long factors = 0;
    for (int field : RelOptUtil.InputFinder.bits(node)) {
      factors |= 1L << factorOf(field);
    }
    return factors;
  }

  private RelNode plan() {
    for (int f = 0; f < factorCount; f++) {
      best[1 << f] = new Plan(1L << f, factorRows[f], 0, null, null, false);
    }
    for (int set = 1; set < best.length; set++) {
      if (Long.bitCount(set) > 1) {
        best[set] = bestSplit(set, false);
        if (best[set] == null) {
          best[set] = bestSplit(set, true);
        }
      }
    }
    Tree tree = build(best[best.length - 1]);
    // Back to the MultiJoin's fields in their order.
    int[] position = positions(tree.order);
    List<RexNode> fields = new ArrayList<>();
    for (int field = 0; field < classOf.length; field++) {
      fields.add(rex.makeInputRef(tree.rel, position[field]));
    }
    RelNode result = LogicalProject.create(tree.rel, List.of(), fields, join.getRowType().getFieldNames(), Set.of());
    List<RexNode> unplaced = new ArrayList<>();
    for (int c = 0; c < others.size(); c++) {
      if (othersFactors.get(c) == 0) { // a condition on no column
        unplaced.add(others.get(c));
      }
    }
    if (join.getPostJoinFilter() != null) {
      unplaced.add(join.getPostJoinFilter());
    }
    return unplaced.isEmpty() ? result : LogicalFilter.create(result, RexUtil.composeConjunction(rex, unplaced));
  }

  /** The cheapest join of two planned parts of {@code set}: connected ones, or else any. */
  private Plan bestSplit(long set, boolean cross) {
    Plan chosen = null;
    long lowest = Long.lowestOneBit(set);
    for (long part = (set - 1) & set; part > 0; part = (part - 1) & set) {
      long rest = set & ~part;
      if ((part & lowest) == 0) {
        continue; // each split once
      }
      Plan left = best[(int) part];
      Plan right = best[(int) rest];
      if (left == null || right == null || !cross && (left.crossed || right.crossed)) {
        continue;
      }
      double selectivity = selectivity(left, right, cross);
      if (Double.isNaN(selectivity)) {
        continue;
      }
      double rows = rows(left.rows * right.rows * selectivity);
      double cost = left.cost + right.cost + rows + Math.min(left.rows, right.rows);
      if (chosen == null || cost < chosen.cost) {
        chosen = new Plan(set, rows, cost, left, right, cross);
      }
    }
    return chosen;
  }

  /** The fraction of the pairs a join keeps; NaN when no condition connects the two (unless {@code cross}). */
  private double selectivity(Plan left, Plan right, boolean cross) {
    double leftKeys = 1;
    double rightKeys = 1;
    boolean connected = false;
    for (int[] members : classes) {
      double inLeft = distinctIn(members, left);
      double inRight = distinctIn(members, right);
      if (inLeft > 0 && inRight > 0) {
        leftKeys *= inLeft;
        rightKeys *= inRight;
        connected = true;
      }
    }
    double selectivity = connected ? 1 / Math.max(1, Math.max(Math.min(leftKeys, left.rows), Math.min(rightKeys, right.rows))) : 1;
    for (int c = 0; c < others.size(); c++) {
      if (appliesAt(othersFactors.get(c), left.factors, right.factors)) {
        selectivity *= RelMdUtil.guessSelectivity(others.get(c));
        connected = true;
      }
    }
    return connected || cross ? selectivity : Double.NaN;
  }

  /** Whether a condition on {@code factors} is applied by the join of two parts: it needs both. */
  private static boolean appliesAt(long factors, long left, long right) {
    return factors != 0 && (factors & ~(left | right)) == 0 && (factors & left) != 0 && (factors & right) != 0;
  }

  /** Distinct values of a class of columns in a part's rows, or 0 when the part has none of them. */
  private double distinctIn(int[] members, Plan part) {
    double distinct = 0;
    for (int field : members) {
      if ((part.factors & (1L << factorOf(field))) != 0) {
        distinct = distinct == 0 ? fieldDistinct[field] : Math.min(distinct, fieldDistinct[field]);
      }
    }
    return distinct == 0 ? 0 : Math.min(distinct, part.rows);
  }

  /** A relational tree and its factors in the order of its fields. */
  private record Tree(RelNode rel, List<Integer> order) {}

  private Tree build(Plan plan) {
    if (plan.left == null) {
      int f = Long.numberOfTrailingZeros(plan.factors);
      List<RexNode> conditions = sameFactorConditions(f);
      RelNode factor = join.getInputs().get(f);
      return new Tree(conditions.isEmpty() ? factor : LogicalFilter.create(factor,
          relocate(RexUtil.composeConjunction(rex, conditions), List.of(f))), List.of(f));
    }
    Tree left = build(plan.left);
    Tree right = build(plan.right);
    List<Integer> order = new ArrayList<>(left.order);
    order.addAll(right.order);
    List<RexNode> conditions = new ArrayList<>();
    for (int[] members : classes) {
      int inLeft = memberIn(members, plan.left.factors);
      int inRight = memberIn(members, plan.right.factors);
      if (inLeft >= 0 && inRight >= 0) {
        conditions.add(rex.makeCall(SqlStdOperatorTable.EQUALS, ref(inLeft), ref(inRight)));
      }
    }
    for (int c = 0; c < others.size(); c++) {
      if (appliesAt(othersFactors.get(c), plan.left.factors, plan.right.factors)) {
        conditions.add(others.get(c));
      }
    }
    return new Tree(LogicalJoin.create(left.rel, right.rel, List.of(),
        relocate(RexUtil.composeConjunction(rex, conditions), order), Set.of(), JoinRelType.INNER), order);
  }

  /** A field of the MultiJoin's row. */
  private RexInputRef ref(int field) {
    return rex.makeInputRef(join.getRowType().getFieldList().get(field).getType(), field);
  }

  /** Equalities of a class's columns within one factor, and the conditions on that factor alone. */
  private List<RexNode> sameFactorConditions(int f) {
    List<RexNode> conditions = new ArrayList<>();
    for (int[] members : classes) {
      int first = -1;
      for (int field : members) {
        if (factorOf(field) == f) {
          if (first < 0) {
            first = field;
          } else {
            conditions.add(rex.makeCall(SqlStdOperatorTable.EQUALS, ref(first), ref(field)));
          }
        }
      }
    }
    for (int c = 0; c < others.size(); c++) {
      if (othersFactors.get(c) == 1L << f) {
        conditions.add(others.get(c));
      }
    }
    return conditions;
  }

  private int memberIn(int[] members, long factors) {
    for (int field : members) {
      if ((factors & (1L << factorOf(field))) != 0) {
        return field;
      }
    }
    return -1;
  }

  /** A condition on the MultiJoin's fields rewritten to the fields of a tree of the factors in {@code order}. */
  private RexNode relocate(RexNode condition, List<Integer> order) {
    int[] position = positions(order);
    return condition.accept(new RexShuttle() {
      @Override
      public RexNode visitInputRef(RexInputRef ref) {
        return new RexInputRef(position[ref.getIndex()], ref.getType());
      }
    });
  }

  /** Where each of the MultiJoin's fields is in a tree of the factors in {@code order} (of those it has). */
  private int[] positions(List<Integer> order) {
    int[] position = new int[classOf.length];
    int at = 0;
    for (int f : order) {
      for (int field = start[f]; field < start[f + 1]; field++) {
        position[field] = at++;
      }
    }
    return position;
  }
}
