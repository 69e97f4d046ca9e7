package org.blazedb.calcite;

import java.math.BigDecimal;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.blazedb.engine.datashape.DataShape;
import org.blazedb.engine.datashape.DateTimeShape;
import org.blazedb.engine.datashape.DecimalShape;
import org.blazedb.engine.datashape.Primitive;
import org.blazedb.engine.datashape.StringShape;
import org.blazedb.engine.datashape.TimeDeltaShape;
import org.blazedb.storage.blz.ChunkMeta;
import org.blazedb.storage.blz.ColumnNode;

/**
 * {@code column op constant} on a top-level scalar column, tested against a chunk's min/max: a
 * chunk whose range cannot hold a matching value is not read. The filter itself still runs on the
 * rows of the chunks that are read.
 *
 * @param path the stored column
 * @param op one of =, <, <=, >, >=
 * @param value the constant in the stored representation of the column's statistics: a number
 *     (compared as BigDecimal) or a String
 */
record ZonePredicate(String path, SqlKind op, Comparable<?> value) {

  /** Whether the chunk may hold a row that satisfies the predicate. */
  boolean mayMatch(ChunkMeta chunk) {
    if (chunk.min() == null || chunk.max() == null) {
      return true;
    }
    int vsMin = compare(value, chunk.min());
    int vsMax = compare(value, chunk.max());
    return switch (op) {
      case EQUALS -> vsMin >= 0 && vsMax <= 0;
      case LESS_THAN -> vsMin > 0;
      case LESS_THAN_OR_EQUAL -> vsMin >= 0;
      case GREATER_THAN -> vsMax < 0;
      case GREATER_THAN_OR_EQUAL -> vsMax <= 0;
      default -> true;
    };
  }

  private static int compare(Comparable<?> value, Object stat) {
    if (value instanceof String s) {
      return stat instanceof String t ? Integer.signum(compareCodePoints(s, t)) : 0;
    }
    BigDecimal v = (BigDecimal) value;
    BigDecimal st = switch (stat) {
      case Long l -> BigDecimal.valueOf(l);
      case Double d -> BigDecimal.valueOf(d);
      default -> null;
    };
    return st == null ? 0 : v.compareTo(st);
  }

  /** Code point order, which is the order of the UTF-8 bytes the statistics were taken on. */
  private static int compareCodePoints(String a, String b) {
    return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
  }

  /**
   * The zone predicate of {@code condition} on {@code scan}'s fields, or null if it is not a
   * comparison of a column that has statistics with a constant.
   */
  static ZonePredicate of(RexNode condition, BlazeTableScan scan) {
    RexInputRef ref = column(condition);
    if (ref == null) {
      return null;
    }
    RexCall call = (RexCall) condition;
    boolean columnFirst = stripCast(call.getOperands().get(0)) instanceof RexInputRef;
    SqlKind op = columnFirst ? call.getKind() : call.getKind().reverse();
    RexLiteral literal = (RexLiteral) stripCast(call.getOperands().get(columnFirst ? 1 : 0));
    if (op != SqlKind.EQUALS && op != SqlKind.LESS_THAN && op != SqlKind.LESS_THAN_OR_EQUAL
        && op != SqlKind.GREATER_THAN && op != SqlKind.GREATER_THAN_OR_EQUAL) {
      return null;
    }
    ColumnNode node = scan.blazeTable.blz().layout().root().children().get(scan.fields[ref.getIndex()]);
    if (!(node instanceof ColumnNode.Leaf leaf)) {
      return null;
    }
    Comparable<?> value = storedValue(leaf.shape(), literal);
    return value == null ? null : new ZonePredicate(leaf.path(), op, value);
  }

  /**
   * The column of a comparison of a column (through a widening cast) with a constant that is not
   * NULL, either side; null for any other condition.
   */
  static RexInputRef column(RexNode condition) {
    if (!(condition instanceof RexCall call) || call.getOperands().size() != 2) {
      return null;
    }
    RexNode left = stripCast(call.getOperands().get(0));
    RexNode right = stripCast(call.getOperands().get(1));
    RexNode constant = left instanceof RexInputRef ? right : left;
    RexNode column = left instanceof RexInputRef ? left : right;
    return column instanceof RexInputRef ref && constant instanceof RexLiteral literal && !literal.isNull() ? ref : null;
  }

  /** The literal in the representation of the column's statistics, or null if it has none. */
  private static Comparable<?> storedValue(DataShape shape, RexLiteral literal) {
    boolean numeric = SqlTypeUtil.isNumeric(literal.getType());
    return switch (shape) {
      case Primitive p when p.isInteger() && p != Primitive.UINT64 && numeric -> literal.getValueAs(BigDecimal.class);
      case Primitive p when p.isFloatingPoint() && numeric -> literal.getValueAs(BigDecimal.class);
      case Primitive p when p == Primitive.DATE && literal.getTypeName().getFamily() == SqlTypeFamily.DATE ->
          BigDecimal.valueOf(literal.getValueAs(Integer.class));
      case Primitive p when p == Primitive.TIME && literal.getTypeName().getFamily() == SqlTypeFamily.TIME ->
          BigDecimal.valueOf(literal.getValueAs(Integer.class) * 1000L);
      case TimeDeltaShape td when numeric -> literal.getValueAs(BigDecimal.class);
      case DecimalShape d when d.precision() <= 18 && numeric ->
          literal.getValueAs(BigDecimal.class).movePointRight(d.scale());
      case DateTimeShape dt when literal.getTypeName().getFamily() == SqlTypeFamily.TIMESTAMP ->
          BigDecimal.valueOf(literal.getValueAs(Long.class)).movePointRight(3);
      case StringShape s when SqlTypeUtil.inCharFamily(literal.getType()) -> literal.getValueAs(String.class);
      default -> null;
    };
  }

  /**
   * Looks through a CAST that keeps every value of its operand (int to any number, float to double,
   * text to longer text): a comparison of its result then bounds the operand the same way.
   */
  private static RexNode stripCast(RexNode node) {
    if (node instanceof RexCall call && call.getKind() == SqlKind.CAST) {
      RelDataType from = call.getOperands().get(0).getType();
      RelDataType to = call.getType();
      boolean widening = (SqlTypeUtil.isIntType(from) && SqlTypeUtil.isNumeric(to))
          || (SqlTypeUtil.isApproximateNumeric(from) && SqlTypeUtil.isApproximateNumeric(to))
          || (SqlTypeUtil.inCharFamily(from) && SqlTypeUtil.inCharFamily(to)
              && (to.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED || to.getPrecision() >= from.getPrecision()));
      if (widening) {
        return call.getOperands().get(0);
      }
    }
    return node;
  }
}
