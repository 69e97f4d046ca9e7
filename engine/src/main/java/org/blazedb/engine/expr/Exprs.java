package org.blazedb.engine.expr;

import java.util.ArrayList;
import java.util.List;
import org.blazedb.engine.expr.Expr.Call;
import org.blazedb.engine.expr.Expr.ColumnRef;
import org.blazedb.engine.expr.Expr.Literal;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.engine.vector.ValueType.Kind;

/** Building, checking and describing {@link Expr} trees. */
public final class Exprs {
  private Exprs() {}

  public static Expr call(Op op, ValueType type, Expr... operands) {
    return normalize(new Call(op, type, List.of(operands)));
  }

  /**
   * Checks that the engine computes {@code call} and makes its operands' representations explicit:
   * arithmetic and comparison operands get the same scale, or become DOUBLE, through CASTs.
   *
   * @throws UnsupportedExpressionException if it does not
   */
  public static Expr normalize(Call call) {
    ValueType type = call.type();
    List<Expr> in = call.operands();
    Op op = call.op();
    return switch (op) {
      case ADD, SUBTRACT, NEGATE -> {
        requireNumeric(call);
        yield new Call(op, type, in.stream().map(e -> castTo(e, type)).toList());
      }
      case MULTIPLY -> {
        requireNumeric(call);
        if (type.kind() == Kind.DOUBLE) {
          yield new Call(op, type, in.stream().map(e -> castTo(e, ValueType.DOUBLE)).toList());
        }
        if (in.get(0).type().kind() == Kind.DOUBLE || in.get(1).type().kind() == Kind.DOUBLE
            || in.get(0).type().scale() + in.get(1).type().scale() != type.scale()) {
          throw new UnsupportedExpressionException("multiplication " + call);
        }
        yield call;
      }
      case DIVIDE -> {
        if (type.kind() != Kind.DOUBLE) {
          throw new UnsupportedExpressionException("division to " + type + " (only DOUBLE division is computed)");
        }
        requireNumeric(call);
        yield new Call(op, type, in.stream().map(e -> castTo(e, ValueType.DOUBLE)).toList());
      }
      case EQUALS, NOT_EQUALS, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL -> {
        ValueType a = in.get(0).type();
        ValueType b = in.get(1).type();
        if (a.kind() == Kind.VARCHAR || b.kind() == Kind.VARCHAR) {
          if (a.kind() != b.kind()) {
            throw new UnsupportedExpressionException("comparison of " + a + " with " + b);
          }
          Expr prefix = op != Op.EQUALS ? null
              : in.get(1) instanceof Literal ? prefixTest(in.get(0), in.get(1)) : prefixTest(in.get(1), in.get(0));
          yield prefix != null ? prefix : call;
        }
        if (a.isNumeric() != b.isNumeric() || (!a.isNumeric() && a.kind() != b.kind())) {
          throw new UnsupportedExpressionException("comparison of " + a + " with " + b);
        }
        ValueType common = a.kind() == Kind.DOUBLE || b.kind() == Kind.DOUBLE ? ValueType.DOUBLE
            : a.scale() == b.scale() ? (a.bits() >= b.bits() ? a : b)
            : ValueType.decimal(Math.max(a.scale(), b.scale()));
        yield new Call(op, type, List.of(castTo(in.get(0), common), castTo(in.get(1), common)));
      }
      case AND, OR, NOT -> {
        for (Expr e : in) {
          if (e.type().kind() != Kind.BOOLEAN) {
            throw new UnsupportedExpressionException(op + " of " + e.type());
          }
        }
        yield call;
      }
      case IS_NULL, IS_NOT_NULL -> call;
      case CAST -> {
        checkCast(in.getFirst().type(), type);
        yield in.getFirst().type().equals(type) ? in.getFirst() : call;
      }
      case CHECKED_CAST -> {
        checkCast(in.getFirst().type(), type);
        if (type.kind() != Kind.DECIMAL || !(in.get(1) instanceof Literal l) || !(l.value() instanceof Long limit)
            || precision(limit) < 0) {
          throw new UnsupportedExpressionException("CHECKED_CAST without a power of ten as its limit");
        }
        yield call;
      }
      case CASE -> {
        if (type.kind() == Kind.VARCHAR) {
          throw new UnsupportedExpressionException("CASE of VARCHAR values");
        }
        List<Expr> operands = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
          boolean condition = i % 2 == 0 && i < in.size() - 1;
          if (condition && in.get(i).type().kind() != Kind.BOOLEAN) {
            throw new UnsupportedExpressionException("CASE condition of " + in.get(i).type());
          }
          operands.add(condition ? in.get(i) : castTo(in.get(i), type));
        }
        yield new Call(op, type, operands);
      }
      case LIKE -> {
        if (!(in.get(1) instanceof Literal l) || !(l.value() instanceof String) || in.get(0).type().kind() != Kind.VARCHAR) {
          throw new UnsupportedExpressionException("LIKE without a constant pattern");
        }
        yield call;
      }
      case SUBSTRING -> {
        if (type.kind() != Kind.VARCHAR || in.get(0).type().kind() != Kind.VARCHAR
            || in.stream().skip(1).anyMatch(e -> !isInteger(e.type()))) {
          throw new UnsupportedExpressionException("SUBSTRING of " + in.stream().map(Expr::type).toList());
        }
        // A negative length is an error, which Calcite raises only for the rows it reaches (after
        // an AND's false left side it does not): a constant one cannot be.
        if (in.size() > 2 && !(in.get(2) instanceof Literal l && l.value() instanceof Long length && length >= 0)) {
          throw new UnsupportedExpressionException("SUBSTRING with a length that is not a constant of 0 or more");
        }
        yield call;
      }
      case YEAR, MONTH, DAY -> {
        if (in.getFirst().type().kind() != Kind.DATE || !isInteger(type)) {
          throw new UnsupportedExpressionException(op + " of " + in.getFirst().type() + " to " + type);
        }
        yield call;
      }
      case DECIMAL_QUOTIENT -> {
        if (type.kind() != Kind.DECIMAL || in.stream().anyMatch(e -> e.type().kind() != Kind.DECIMAL && !isInteger(e.type()))) {
          throw new UnsupportedExpressionException("DECIMAL division of " + in.stream().map(Expr::type).toList());
        }
        yield call;
      }
    };
  }

  /**
   * {@code SUBSTRING(s FROM 1 FOR n) = 'lit'}, where lit has n units and no LIKE wildcard, as
   * {@code s LIKE 'lit%'}: a test of the bytes where they lie, which compiled kernels run, instead
   * of strings cut out to be compared (TPC-H Q22 tests seven country codes of every phone so). Null
   * when the comparison is not of that form.
   */
  private static Expr prefixTest(Expr cut, Expr other) {
    if (cut instanceof Call c && c.op() == Op.SUBSTRING && c.operands().size() == 3
        && c.operand(1) instanceof Literal start && Long.valueOf(1).equals(start.value())
        && c.operand(2) instanceof Literal length && other instanceof Literal literal
        && literal.value() instanceof String prefix && length.value() instanceof Long units
        && prefix.length() == units && prefix.indexOf('%') < 0 && prefix.indexOf('_') < 0) {
      return new Call(Op.LIKE, ValueType.BOOLEAN, List.of(c.operand(0), new Literal(prefix + "%", ValueType.VARCHAR)));
    }
    return null;
  }

  /**
   * Whether evaluating {@code e} can fail on some row's values (a division by zero), so that an
   * AND, OR or CASE must evaluate it only for the rows whose result it decides, as Calcite does.
   */
  public static boolean mayFail(Expr e) {
    return e instanceof Call c && (c.op() == Op.DECIMAL_QUOTIENT || c.op() == Op.CHECKED_CAST
        || c.operands().stream().anyMatch(Exprs::mayFail));
  }

  /** The p of a {@link Op#CHECKED_CAST}'s limit 10^p, or -1 if {@code limit} is no such power. */
  public static int precision(long limit) {
    for (int p = 1; p < POWERS.length; p++) {
      if (POWERS[p] == limit) {
        return p;
      }
    }
    return -1;
  }

  private static boolean isInteger(ValueType type) {
    return type.isNumeric() && type.kind() != Kind.DECIMAL && type.kind() != Kind.DOUBLE;
  }

  private static void requireNumeric(Call call) {
    if (!call.type().isNumeric()) {
      throw new UnsupportedExpressionException(call.op() + " to " + call.type());
    }
    for (Expr e : call.operands()) {
      if (!e.type().isNumeric()) {
        throw new UnsupportedExpressionException(call.op() + " of " + e.type());
      }
    }
  }

  /** {@code e} in the representation of {@code target}: a CAST when it differs. */
  public static Expr castTo(Expr e, ValueType target) {
    ValueType from = e.type();
    if (from.equals(target) || (from.isLong() && target.isLong() && from.scale() == target.scale()
        && from.kind() != Kind.DECIMAL && target.kind() != Kind.DECIMAL)) {
      return e; // integers share one representation; wrapping is the arithmetic's business
    }
    if (e instanceof Literal l && l.value() != null) {
      return new Literal(convert(l.value(), from, target), target);
    }
    checkCast(from, target);
    return new Call(Op.CAST, target, List.of(e));
  }

  private static void checkCast(ValueType from, ValueType to) {
    boolean ok = from.equals(to)
        || (from.isLong() && from.kind() != Kind.BOOLEAN && from.kind() != Kind.DATE
            && (to.kind() == Kind.DOUBLE
                || (to.kind() == Kind.DECIMAL && (to.scale() >= from.scale() || from.kind() == Kind.DECIMAL))
                || (to.isNumeric() && to.kind() != Kind.DECIMAL && from.kind() != Kind.DECIMAL && to.bits() >= from.bits())));
    if (!ok) {
      throw new UnsupportedExpressionException("CAST from " + from + " to " + to);
    }
  }

  /** A constant converted as a CAST from {@code from} to {@code to} would. */
  static Object convert(Object value, ValueType from, ValueType to) {
    checkCast(from, to);
    if (to.kind() == Kind.DOUBLE) {
      return value instanceof Double d ? d : (double) (Long) value / POWERS[from.scale()];
    }
    int shift = to.scale() - from.scale();
    return shift >= 0 ? Math.multiplyExact((Long) value, POWERS[shift]) : (Long) value / POWERS[-shift];
  }

  /** 10^0 .. 10^18. */
  public static final long[] POWERS = new long[19];

  static {
    POWERS[0] = 1;
    for (int i = 1; i < POWERS.length; i++) {
      POWERS[i] = POWERS[i - 1] * 10;
    }
  }

  /** The columns {@code e} reads, in order. */
  public static int[] columns(Expr e) {
    java.util.BitSet used = new java.util.BitSet();
    columns(e, used);
    return used.stream().toArray();
  }

  /** Adds the columns {@code e} reads to {@code used}. */
  public static void columns(Expr e, java.util.BitSet used) {
    switch (e) {
      case ColumnRef r -> used.set(r.column());
      case Call c -> c.operands().forEach(o -> columns(o, used));
      case Literal l -> { }
    }
  }

  /** {@code e} with column {@code c} read from column {@code columns.applyAsInt(c)}. */
  public static Expr mapColumns(Expr e, java.util.function.IntUnaryOperator columns) {
    return switch (e) {
      case ColumnRef r -> new ColumnRef(columns.applyAsInt(r.column()), r.type());
      case Literal l -> l;
      case Call c -> new Call(c.op(), c.type(), c.operands().stream().map(o -> mapColumns(o, columns)).toList());
    };
  }

  /** The literals of {@code e} in the order {@link #shape} numbers them. */
  public static List<Literal> literals(Expr e) {
    List<Literal> out = new ArrayList<>();
    collect(e, out);
    return out;
  }

  private static void collect(Expr e, List<Literal> out) {
    switch (e) {
      case Literal l -> out.add(l);
      case Call c -> c.operands().forEach(o -> collect(o, out));
      case ColumnRef r -> { }
    }
  }

  static String shape(Expr e) {
    StringBuilder sb = new StringBuilder();
    shape(e, sb, new int[1]);
    return sb.toString();
  }

  private static void shape(Expr e, StringBuilder sb, int[] nextParam) {
    switch (e) {
      case ColumnRef r -> sb.append('$').append(r.column()).append(':').append(r.type());
      // A NULL constant changes the code (no value to load), so it is part of the shape.
      case Literal l -> sb.append(l.value() == null ? "NULL" : "?" + nextParam[0]++).append(':').append(l.type());
      case Call c -> {
        sb.append(c.op()).append(':').append(c.type()).append('(');
        for (int i = 0; i < c.operands().size(); i++) {
          sb.append(i == 0 ? "" : ", ");
          shape(c.operand(i), sb, nextParam);
        }
        sb.append(')');
      }
    }
  }
}
