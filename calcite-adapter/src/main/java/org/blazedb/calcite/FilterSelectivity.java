package org.blazedb.calcite;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.MetadataDef;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

/**
 * The fraction of a BLZ table's rows a filter keeps, from the columns' statistics where a
 * condition compares a column with a constant: {@code col = c} keeps 1 / its distinct values
 * ({@link DistinctValues}: from the min/max of integer columns, from a sample of others), an OR
 * or IN of k constants k times that, and the bounds of a number or date column the part of its
 * min..max range between them (both bounds of one column taken together: {@code d >= '1994-01-01'
 * AND d < '1995-01-01'} is a year of the seven). Other conditions keep Calcite's guesses (15% for
 * an equality, half for a comparison). The join order depends on these: with the guesses TPC-H
 * Q8's {@code p_type = 'ECONOMY ANODIZED STEEL'} kept 15% of part, not the 1/150 it keeps, and
 * lineitem was joined to the region's orders before the part. A scan whose zone predicates skip
 * chunks already counts only the rows of the others, so the share is of those.
 */
final class FilterSelectivity implements BuiltInMetadata.Selectivity.Handler {
  /** Calcite's guess for an equality, for a column without statistics. */
  private static final double EQUALITY_GUESS = 0.15;

  private final DistinctValues distinct;

  FilterSelectivity(DistinctValues distinct) {
    this.distinct = distinct;
  }

  @Override
  public MetadataDef<BuiltInMetadata.Selectivity> getDef() {
    return BuiltInMetadata.Selectivity.DEF;
  }

  @Override
  public Double getSelectivity(RelNode rel, RelMetadataQuery mq, RexNode predicate) {
    if (predicate == null || predicate.isAlwaysTrue()) {
      return 1D;
    }
    if (!(rel instanceof BlazeTableScan scan)) {
      return RelMdUtil.guessSelectivity(predicate);
    }
    double selectivity = 1;
    Map<Integer, Bounds> bounds = new HashMap<>();
    for (RexNode conjunct : RelOptUtil.conjunctions(
        RexUtil.expandSearch(scan.getCluster().getRexBuilder(), null, predicate))) {
      ZonePredicate zone = ZonePredicate.of(conjunct, scan);
      int column = zone == null ? -1 : scan.fields[ZonePredicate.column(conjunct).getIndex()];
      double[] range = zone != null && zone.value() instanceof BigDecimal ? distinct.range(column) : null;
      if (zone != null && zone.op() == SqlKind.EQUALS) {
        selectivity *= equalityShare(column, 1);
      } else if (range != null) {
        bounds.computeIfAbsent(column, c -> new Bounds(range)).add(zone.op(), ((BigDecimal) zone.value()).doubleValue());
      } else {
        Integer field = disjointEqualities(conjunct, scan);
        selectivity *= field == null ? RelMdUtil.guessSelectivity(conjunct)
            : equalityShare(scan.fields[field], RelOptUtil.disjunctions(conjunct).size());
      }
    }
    for (Bounds columnBounds : bounds.values()) {
      selectivity *= columnBounds.share();
    }
    // The scan's rows are those of the chunks its zone predicates keep (part of the table already).
    double chunks = scan.blazeTable.chunkFraction(scan.spec.zone());
    return chunks == 0 ? selectivity : Math.min(1, selectivity / chunks);
  }

  /** The share of rows equal to one of {@code values} constants in {@code column}. */
  private double equalityShare(int column, int values) {
    Double count = distinct.ofColumn(column);
    return Math.min(1, values * (count == null ? EQUALITY_GUESS : 1 / Math.max(1, count)));
  }

  /** The column (its scan field) of an OR of equalities of one column with constants, or null. */
  private static Integer disjointEqualities(RexNode condition, BlazeTableScan scan) {
    Integer field = null;
    for (RexNode branch : RelOptUtil.disjunctions(condition)) {
      ZonePredicate zone = ZonePredicate.of(branch, scan);
      if (zone == null || zone.op() != SqlKind.EQUALS) {
        return null;
      }
      int ref = ZonePredicate.column(branch).getIndex();
      if (field != null && field != ref) {
        return null;
      }
      field = ref;
    }
    return field;
  }

  /** The bounds the conditions put on one column, whose values lie in {@code range} (min, max). */
  private static final class Bounds {
    private final double[] range;
    private double low = Double.NEGATIVE_INFINITY;
    private double high = Double.POSITIVE_INFINITY;

    Bounds(double[] range) {
      this.range = range;
    }

    void add(SqlKind op, double value) {
      switch (op) {
        case GREATER_THAN, GREATER_THAN_OR_EQUAL -> low = Math.max(low, value);
        case LESS_THAN, LESS_THAN_OR_EQUAL -> high = Math.min(high, value);
        default -> throw new IllegalArgumentException(op.toString());
      }
    }

    /** The part of the column's range between the bounds. */
    double share() {
      double width = range[1] - range[0];
      if (width <= 0) {
        return low <= range[0] && range[0] <= high ? 1 : 0;
      }
      double from = Math.max(low, range[0]);
      double to = Math.min(high, range[1]);
      return Math.max(0, Math.min(1, (to - from) / width));
    }
  }
}
