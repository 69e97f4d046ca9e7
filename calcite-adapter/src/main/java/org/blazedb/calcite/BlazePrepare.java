package org.blazedb.calcite;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptLattice;
import org.apache.calcite.plan.RelOptMaterialization;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.rules.JoinPushThroughJoinRule;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRules;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.interpreter.BindableConvention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.tools.Program;
import org.apache.calcite.tools.Programs;

/**
 * Calcite's statement preparation with these changes:
 *
 * <ul>
 *   <li>correlated EXISTS and NOT EXISTS become SEMI and ANTI joins ({@link ExistsJoins});
 *   <li>an INSERT marked UPSERT (what REPLACE INTO and INSERT OR REPLACE INTO parse to) becomes a
 *       REPLACE of the BLZ table; Calcite itself plans UPSERT as a plain INSERT;
 *   <li>queries with two joins or more have them gathered into a MultiJoin and ordered: by cost over
 *       every subset of tables ({@link JoinOrder}) when they are inner joins of up to 12 tables,
 *       else by Calcite's heuristic (LoptOptimizeJoinRule), which follows the join conditions: the
 *       default planning keeps the FROM order, so tables listed apart become cross products (a
 *       12-table chain took seconds); and Volcano's commuting and pushing of joins through joins is
 *       left out (the engine picks its build sides itself), which took half of the planning of
 *       TPC-H Q17 (30 ms to 15 ms);
 *   <li>conjuncts common to all branches of an OR are pulled out of it ({@link CommonFactors}),
 *       so that equalities in them can become join keys;
 *   <li>an OR over several tables adds, for each table, the condition of its own columns that one
 *       of the branches must meet (Calcite's ExpandDisjunctionForTableRule), to filter it below
 *       the joins;
 *   <li>a GROUP BY joined on its keys to a much smaller input aggregates only the rows of the
 *       keys that input has ({@link GroupKeyReduction});
 *   <li>the parts of the plan the vectorized engine supports are handed to it ({@link VectorRules});
 *   <li>an AssertionError from Calcite's planner (a Calcite bug, e.g. {@code NULL / -x}) fails the
 *       statement with an SQLException instead of escaping to the application as an Error.
 * </ul>
 */
public final class BlazePrepare extends CalcitePrepareImpl {
  /** The constant reduction of the statement being prepared (Calcite makes a preparation per statement). */
  private CachingRexExecutor reducer;

  /** Joins from which the heuristic orders them. */
  private static final int HEURISTIC_JOIN_ORDER_FROM = 2;

  /**
   * From an OR over several tables, the condition each table must meet for any branch to hold:
   * {@code (n1 = 'FRANCE' AND n2 = 'GERMANY') OR (n1 = 'GERMANY' AND n2 = 'FRANCE')} adds
   * {@code n1 IN ('FRANCE', 'GERMANY')} and the same of n2, which then filter their tables below
   * the joins (TPC-H Q7, Q19) instead of the joined rows.
   */
  private static final Program DISJUNCTIONS = Programs.of(new HepProgramBuilder()
      .addMatchOrder(HepMatchOrder.BOTTOM_UP)
      .addRuleInstance(CoreRules.EXPAND_FILTER_DISJUNCTION_GLOBAL)
      .addRuleInstance(CoreRules.EXPAND_JOIN_DISJUNCTION_GLOBAL)
      .build(), false, DefaultRelMetadataProvider.INSTANCE);

  /**
   * Calcite's merge join rule, but not for ANTI joins: Calcite's merge ANTI join drops the left rows
   * whose key is NULL (it stops at the first; apache/calcite#5242), which NOT EXISTS keeps. It
   * keeps the original's description: under another, Volcano picked merge joins for joins it
   * otherwise made hash joins, which the engine, running only hash joins, then left to Calcite.
   */
  private static final RelOptRule MERGE_JOIN_BUT_ANTI =
      ((ConverterRule) EnumerableRules.ENUMERABLE_MERGE_JOIN_RULE).config
          .withConversion(LogicalJoin.class, (LogicalJoin j) -> j.getJoinType() != JoinRelType.ANTI, Convention.NONE,
              EnumerableConvention.INSTANCE, "EnumerableMergeJoinRule")
          .toRule();

  /** Calcite's standard program, its planning step replaced by one that orders many joins. */
  private static final Program PROGRAM = Programs.sequence(
      ExistsJoins.INSTANCE,
      Programs.subQuery(DefaultRelMetadataProvider.INSTANCE),
      Programs.decorrelate(),
      Programs.measure(DefaultRelMetadataProvider.INSTANCE),
      CommonFactors.INSTANCE,
      DISJUNCTIONS,
      Programs.trim(),
      BlazePrepare::orderJoins,
      GroupKeyReduction.INSTANCE,
      Programs.calc(JoinSelectivity.PROVIDER),
      VectorRules.PROGRAM);

  /**
   * Calcite's {@code Programs.heuristicJoinOrder}, its joins estimated by {@link JoinSelectivity}:
   * joins gathered into a MultiJoin, ordered by {@link JoinOrder} where it can, then Volcano with
   * LoptOptimizeJoinRule ordering the others (without the rules that would search all orders).
   */
  private static RelNode orderJoins(RelOptPlanner planner, RelNode rel, RelTraitSet traits,
      List<RelOptMaterialization> materializations, List<RelOptLattice> lattices) {
    List<RelOptRule> rules = new ArrayList<>(planner.getRules());
    if (RelOptUtil.countJoins(rel) >= HEURISTIC_JOIN_ORDER_FROM) {
      rel = Programs.of(new HepProgramBuilder()
          .addRuleInstance(CoreRules.FILTER_INTO_JOIN)
          .addMatchOrder(HepMatchOrder.BOTTOM_UP)
          .addRuleInstance(CoreRules.JOIN_TO_MULTI_JOIN)
          .build(), false, JoinSelectivity.PROVIDER).run(planner, rel, traits, materializations, lattices);
      rules.removeAll(List.of(CoreRules.JOIN_COMMUTE, CoreRules.JOIN_ASSOCIATE, JoinPushThroughJoinRule.LEFT,
          JoinPushThroughJoinRule.RIGHT));
      rules.add(CoreRules.MULTI_JOIN_OPTIMIZE);
    }
    rules.replaceAll(rule -> rule == EnumerableRules.ENUMERABLE_MERGE_JOIN_RULE ? MERGE_JOIN_BUT_ANTI : rule);
    rel.getCluster().setMetadataProvider(JoinSelectivity.PROVIDER);
    rel.getCluster().invalidateMetadataQuery();
    rel = JoinOrder.INSTANCE.run(planner, rel, traits, materializations, lattices);
    return Programs.ofRules(rules).run(planner, rel, traits, materializations, lattices);
  }

  @Override
  public <T> CalciteSignature<T> prepareSql(Context context, Query<T> query, Type elementType, long maxRowCount) {
    PlanCache plans = query.sql == null || query.queryable != null || query.rel != null ? null : PlanCache.of(context);
    // Not kept: a plan whose constant failed (it would fail again, and differently: its class
    // failed to load), and one that read a file as a table (it holds the rows the file had).
    long files = FileTableFunctions.filesOpened();
    return plans == null ? prepareAnew(context, query, elementType, maxRowCount)
        : plans.plan(context, query.sql, elementType, maxRowCount,
            () -> prepareAnew(context, query, elementType, maxRowCount),
            () -> reducer != null && !reducer.failed() && FileTableFunctions.filesOpened() == files);
  }

  private <T> CalciteSignature<T> prepareAnew(Context context, Query<T> query, Type elementType, long maxRowCount) {
    try {
      return super.prepareSql(context, query, elementType, maxRowCount);
    } catch (AssertionError e) {
      throw new IllegalStateException("internal error in Calcite's planner: " + e.getMessage(), e);
    }
  }

  @Override
  protected CalcitePreparingStmt getPreparingStmt(Context context, Type elementType,
      CalciteCatalogReader catalogReader, RelOptPlanner planner) {
    var typeFactory = context.getTypeFactory();
    RelOptCluster cluster = createCluster(planner, new RexBuilder(typeFactory));
    return new CalcitePreparingStmt(this, context, catalogReader, typeFactory, context.getRootSchema(),
        elementType == Object[].class ? EnumerableRel.Prefer.ARRAY : EnumerableRel.Prefer.CUSTOM, cluster,
        enableBindable ? BindableConvention.INSTANCE : EnumerableConvention.INSTANCE,
        createConvertletTable()) {
      @Override
      protected Program getProgram() {
        Program reduceWithCache = (planner, rel, traits, materializations, lattices) -> {
          reducer = new CachingRexExecutor(context.getDataContext());
          planner.setExecutor(reducer);
          return rel;
        };
        return Programs.sequence(reduceWithCache, PROGRAM);
      }

      @Override
      protected SqlToRelConverter getSqlToRelConverter(SqlValidator validator, CatalogReader reader,
          SqlToRelConverter.Config config) {
        return new SqlToRelConverter(this, validator, reader, cluster, convertletTable, config) {
          @Override
          protected RelNode convertInsert(SqlInsert call) {
            RelNode insert = super.convertInsert(call);
            if (!call.isUpsert()) {
              return insert;
            }
            if (!(insert instanceof BlazeTableModify modify)) {
              throw new IllegalStateException("REPLACE into " + call.getTargetTable() + ", not a BLZ table");
            }
            return new BlazeTableModify(modify.getCluster(), modify.getTraitSet(), modify.getTable(),
                modify.getCatalogReader(), modify.getInput(), TableChange.Kind.REPLACE, modify.isFlattened());
          }
        };
      }
    };
  }
}
