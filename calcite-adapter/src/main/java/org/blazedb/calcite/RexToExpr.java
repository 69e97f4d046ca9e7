package org.blazedb.calcite;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.blazedb.engine.expr.Expr;
import org.blazedb.engine.expr.Exprs;
import org.blazedb.engine.expr.Op;
import org.blazedb.engine.expr.UnsupportedExpressionException;
import org.blazedb.engine.vector.ValueType;

/**
 * Calcite row expressions to engine expressions. Anything the engine does not compute exactly as
 * Calcite would throws {@link UnsupportedExpressionException}; the plan then stays Calcite's.
 */
final class RexToExpr {
  /** The precision from which every value the engine holds (a long) fits a DECIMAL. */
  private static final int MAX_LONG_DIGITS = 19;

  private final RexBuilder rexBuilder;
  private final List<Expr> inputs;

  /** @param inputs what each input field reference stands for */
  RexToExpr(RexBuilder rexBuilder, List<Expr> inputs) {
    this.rexBuilder = rexBuilder;
    this.inputs = inputs;
  }

  /** The engine type of values of a SQL type. */
  static ValueType type(RelDataType type) {
    return switch (type.getSqlTypeName()) {
      case BOOLEAN -> ValueType.BOOLEAN;
      case TINYINT -> ValueType.TINYINT;
      case SMALLINT -> ValueType.SMALLINT;
      case INTEGER -> ValueType.INTEGER;
      case BIGINT -> ValueType.BIGINT;
      // Held in 64 bits whatever the declared precision: DECIMAL arithmetic fails on overflow.
      case DECIMAL -> {
        if (type.getScale() < 0 || type.getScale() > 18) {
          throw new UnsupportedExpressionException(type.getFullTypeString() + " (scale above 18)");
        }
        yield ValueType.decimal(type.getScale());
      }
      case DATE -> ValueType.DATE;
      case DOUBLE, FLOAT -> ValueType.DOUBLE;
      case CHAR, VARCHAR -> ValueType.VARCHAR;
      default -> throw new UnsupportedExpressionException("values of " + type.getFullTypeString());
    };
  }

  Expr translate(RexNode node) {
    return switch (node) {
      case RexInputRef ref -> {
        Expr input = inputs.get(ref.getIndex());
        if (input == null) {
          throw new UnsupportedExpressionException("field " + ref + " of a type the engine does not read");
        }
        yield input;
      }
      case RexLiteral literal -> literal(literal);
      case RexCall call -> call(call);
      default -> throw new UnsupportedExpressionException(node.toString());
    };
  }

  private Expr literal(RexLiteral literal) {
    ValueType type = type(literal.getType());
    if (literal.isNull()) {
      return new Expr.Literal(null, type);
    }
    Object value = switch (type.kind()) {
      case BOOLEAN -> literal.getValueAs(Boolean.class) ? 1L : 0L;
      case DECIMAL -> literal.getValueAs(BigDecimal.class).setScale(type.scale()).unscaledValue().longValueExact();
      case DATE -> (long) literal.getValueAs(Integer.class);
      case DOUBLE -> literal.getValueAs(Double.class);
      case VARCHAR -> literal.getValueAs(String.class);
      default -> literal.getValueAs(Long.class);
    };
    return new Expr.Literal(value, type);
  }

  private Expr call(RexCall call) {
    if (call.getKind() == SqlKind.SEARCH) {
      return translate(RexUtil.expandSearch(rexBuilder, null, call));
    }
    if (call.getKind() == SqlKind.EXTRACT) {
      return extract(call);
    }
    if (call.getKind() == SqlKind.CAST && call.getType().getSqlTypeName() == SqlTypeName.DECIMAL
        && call.getOperands().getFirst() instanceof RexCall quotient && quotient.getKind() == SqlKind.DIVIDE
        && quotient.getType().getSqlTypeName() == SqlTypeName.DECIMAL) { // an AVG of DECIMALs, for one
      return checkPrecision(call, Exprs.normalize(new Expr.Call(Op.DECIMAL_QUOTIENT, type(call.getType()),
          List.of(translate(quotient.getOperands().get(0)), translate(quotient.getOperands().get(1))))));
    }
    ValueType type = type(call.getType());
    List<Expr> operands = new ArrayList<>();
    for (RexNode operand : call.getOperands()) {
      operands.add(translate(operand));
    }
    Op op = ScalarFunctions.isSubstring(call.getOperator()) ? Op.SUBSTRING : switch (call.getKind()) {
      case PLUS -> Op.ADD;
      case MINUS -> Op.SUBTRACT;
      case TIMES -> Op.MULTIPLY;
      case DIVIDE -> Op.DIVIDE;
      case MINUS_PREFIX -> Op.NEGATE;
      case PLUS_PREFIX -> null;
      case EQUALS -> Op.EQUALS;
      case NOT_EQUALS -> Op.NOT_EQUALS;
      case LESS_THAN -> Op.LESS;
      case LESS_THAN_OR_EQUAL -> Op.LESS_EQUAL;
      case GREATER_THAN -> Op.GREATER;
      case GREATER_THAN_OR_EQUAL -> Op.GREATER_EQUAL;
      case AND -> Op.AND;
      case OR -> Op.OR;
      case NOT -> Op.NOT;
      case IS_NULL -> Op.IS_NULL;
      case IS_NOT_NULL -> Op.IS_NOT_NULL;
      case CAST -> Op.CAST;
      case CASE -> Op.CASE;
      case LIKE -> Op.LIKE;
      default -> throw new UnsupportedExpressionException(call.getOperator().getName());
    };
    if (op == null) {
      return operands.getFirst();
    }
    if (op == Op.LIKE && (operands.size() != 2 || call.getOperator().getName().contains("NOT"))) {
      throw new UnsupportedExpressionException("LIKE with ESCAPE");
    }
    if (op == Op.CAST && type.kind() == ValueType.Kind.VARCHAR) {
      return varcharCast(call, operands.getFirst());
    }
    if (op == Op.CAST && type.kind() == ValueType.Kind.DECIMAL) {
      return checkPrecision(call, operands.getFirst());
    }
    if ((op == Op.AND || op == Op.OR) && operands.size() > 2) {
      Expr result = operands.getFirst();
      for (Expr next : operands.subList(1, operands.size())) {
        result = Exprs.call(op, type, result, next);
      }
      return result;
    }
    return Exprs.normalize(new Expr.Call(op, type, operands));
  }

  /**
   * {@code CAST(operand AS DECIMAL(p, s))}, {@code call} being that cast: Calcite fails a value of
   * more than p digits, which the engine's types (a scale, no precision) check only in a
   * {@link Op#CHECKED_CAST}. It is needed only when p is below 19 and the operand's integer digits
   * may not fit.
   */
  private static Expr checkPrecision(RexCall call, Expr operand) {
    ValueType type = type(call.getType());
    int precision = call.getType().getPrecision();
    RelDataType from = call.getOperands().getFirst().getType();
    boolean fits = SqlTypeName.EXACT_TYPES.contains(from.getSqlTypeName())
        && from.getPrecision() - from.getScale() <= precision - call.getType().getScale();
    if (precision >= MAX_LONG_DIGITS || fits) {
      return Exprs.castTo(operand, type);
    }
    return Exprs.normalize(new Expr.Call(Op.CHECKED_CAST, type,
        List.of(operand, new Expr.Literal(Exprs.POWERS[precision], ValueType.BIGINT))));
  }

  /** EXTRACT of YEAR, MONTH or DAY from a DATE; other fields stay Calcite's. */
  private Expr extract(RexCall call) {
    TimeUnitRange unit = ((RexLiteral) call.getOperands().getFirst()).getValueAs(TimeUnitRange.class);
    Op op = switch (unit) {
      case YEAR -> Op.YEAR;
      case MONTH -> Op.MONTH;
      case DAY -> Op.DAY;
      default -> throw new UnsupportedExpressionException("EXTRACT(" + unit + ")");
    };
    return Exprs.normalize(new Expr.Call(op, type(call.getType()), List.of(translate(call.getOperands().get(1)))));
  }

  /** A string cast that changes nothing: to VARCHAR of no smaller length. CHAR pads, so it is Calcite's. */
  private static Expr varcharCast(RexCall call, Expr operand) {
    RelDataType to = call.getType();
    RelDataType from = call.getOperands().getFirst().getType();
    boolean unchanged = to.getSqlTypeName() == SqlTypeName.VARCHAR && operand.type().kind() == ValueType.Kind.VARCHAR
        && (to.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED || to.getPrecision() >= from.getPrecision());
    if (!unchanged) {
      throw new UnsupportedExpressionException("CAST to " + to.getFullTypeString());
    }
    return operand;
  }
}
