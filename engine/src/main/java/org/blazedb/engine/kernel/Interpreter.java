package org.blazedb.engine.kernel;

import org.blazedb.engine.vector.OffHeap;
import java.lang.foreign.MemorySegment;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import java.util.regex.Pattern;
import org.blazedb.engine.expr.Dates;
import org.blazedb.engine.expr.Expr;
import org.blazedb.engine.expr.Expr.Call;
import org.blazedb.engine.expr.Expr.ColumnRef;
import org.blazedb.engine.expr.Expr.Literal;
import org.blazedb.engine.expr.Exprs;
import org.blazedb.engine.expr.Op;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.Utf8;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.engine.vector.ValueType.Kind;
import org.blazedb.engine.vector.Vector;

/**
 * Evaluates an expression over the selected rows of a batch, operator by operator. A
 * subexpression that occurs more than once is evaluated once: Calcite expands {@code
 * SUBSTRING(s, 1, 2) IN ('13', '17', ...)} into one comparison per value, each with its own
 * SUBSTRING (TPC-H Q22).
 */
final class Interpreter {
  private Interpreter() {}

  static Values evaluate(Expr e, Batch batch, int[] positions) {
    return evaluate(e, batch, positions, new HashMap<>());
  }

  private static Values evaluate(Expr e, Batch batch, int[] positions, Map<Call, Values> done) {
    return switch (e) {
      case ColumnRef r -> column(batch.columns()[r.column()], positions);
      case Literal l -> constant(l, positions.length);
      case Call c -> {
        Values values = done.get(c);
        if (values == null) {
          values = call(c, batch, positions, done);
          done.put(c, values);
        }
        yield values;
      }
    };
  }

  private static Values column(Vector v, int[] positions) {
    int n = positions.length;
    boolean[] valid = null;
    if (v.validity() != null) {
      valid = new boolean[n];
      for (int i = 0; i < n; i++) {
        valid[i] = v.validity().get(ValueLayout.JAVA_BYTE, positions[i]) != 0;
      }
    }
    switch (v.type().kind()) {
      case VARCHAR -> {
        return new Values(null, null, valid, v, positions);
      }
      case DOUBLE -> {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
          out[i] = v.values().getAtIndex(ValueLayout.JAVA_DOUBLE, positions[i]);
        }
        return Values.ofDoubles(out, valid);
      }
      default -> {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
          out[i] = v.values().getAtIndex(ValueLayout.JAVA_LONG, positions[i]);
        }
        return Values.ofLongs(out, valid);
      }
    }
  }

  private static Values constant(Literal l, int n) {
    boolean[] valid = l.value() == null ? new boolean[n] : null;
    return switch (l.type().kind()) {
      case VARCHAR -> new Values(null, null, valid, Vector.of(l.value() == null ? "" : (String) l.value()), new int[n]);
      case DOUBLE -> {
        double[] out = new double[n];
        Arrays.fill(out, l.value() == null ? 0 : (Double) l.value());
        yield Values.ofDoubles(out, valid);
      }
      default -> {
        long[] out = new long[n];
        Arrays.fill(out, l.value() == null ? 0 : (Long) l.value());
        yield Values.ofLongs(out, valid);
      }
    };
  }

  private static Values call(Call c, Batch batch, int[] positions, Map<Call, Values> done) {
    int n = positions.length;
    if ((c.op() == Op.AND || c.op() == Op.OR) && Exprs.mayFail(c.operand(1))) {
      return lazyLogic(c.op() == Op.AND, c, batch, positions, done);
    }
    if (c.op() == Op.CASE && Exprs.mayFail(c)) {
      return lazyCase(c, batch, positions);
    }
    Values[] in = new Values[c.operands().size()];
    for (int i = 0; i < in.length; i++) {
      in[i] = evaluate(c.operand(i), batch, positions, done);
    }
    Op op = c.op();
    ValueType type = c.type();
    return switch (op) {
      case ADD, SUBTRACT, MULTIPLY, DIVIDE, NEGATE -> type.kind() == Kind.DOUBLE
          ? Values.ofDoubles(doubleArithmetic(op, in, n), bothValid(in, n))
          : longArithmetic(op, type, in, n);
      case EQUALS, NOT_EQUALS, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL ->
          Values.ofLongs(compare(op, c.operand(0).type(), in[0], in[1], n), bothValid(in, n));
      case AND, OR -> logic(op == Op.AND, in[0], in[1], n);
      case NOT -> {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
          out[i] = in[0].longs()[i] ^ 1;
        }
        yield Values.ofLongs(out, in[0].valid());
      }
      case IS_NULL, IS_NOT_NULL -> {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
          out[i] = in[0].isValid(i) == (op == Op.IS_NOT_NULL) ? 1 : 0;
        }
        yield Values.ofLongs(out, null);
      }
      case CAST -> cast(in[0], c.operand(0).type(), type, n);
      case CHECKED_CAST -> checkedCast(in[0], c.operand(0).type(), type, (Long) ((Literal) c.operand(1)).value(), n);
      case CASE -> caseWhen(in, type, n);
      case LIKE -> like(in[0], (String) ((Literal) c.operand(1)).value(), n);
      case SUBSTRING -> substring(in, n);
      case DECIMAL_QUOTIENT -> decimalQuotient(c, in, n);
      case YEAR, MONTH, DAY -> {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
          out[i] = Dates.field(op, in[0].longs()[i]);
        }
        yield Values.ofLongs(out, in[0].valid());
      }
    };
  }

  private static double[] doubleArithmetic(Op op, Values[] in, int n) {
    double[] a = in[0].doubles();
    double[] out = new double[n];
    if (op == Op.NEGATE) {
      for (int i = 0; i < n; i++) {
        out[i] = -a[i];
      }
      return out;
    }
    double[] b = in[1].doubles();
    switch (op) {
      case ADD -> { for (int i = 0; i < n; i++) { out[i] = a[i] + b[i]; } }
      case SUBTRACT -> { for (int i = 0; i < n; i++) { out[i] = a[i] - b[i]; } }
      case MULTIPLY -> { for (int i = 0; i < n; i++) { out[i] = a[i] * b[i]; } }
      default -> { for (int i = 0; i < n; i++) { out[i] = a[i] / b[i]; } }
    }
    return out;
  }

  /**
   * Integer arithmetic wraps at the type's width; DECIMAL arithmetic fails on overflow in a row
   * that has a value (the values of NULL rows are meaningless).
   */
  private static Values longArithmetic(Op op, ValueType type, Values[] in, int n) {
    long[] a = in[0].longs();
    long[] b = op == Op.NEGATE ? null : in[1].longs();
    boolean[] valid = bothValid(in, n);
    long[] out = new long[n];
    if (type.kind() == Kind.DECIMAL) {
      for (int i = 0; i < n; i++) {
        if (valid == null || valid[i]) {
          try {
            out[i] = switch (op) {
              case ADD -> Math.addExact(a[i], b[i]);
              case SUBTRACT -> Math.subtractExact(a[i], b[i]);
              case MULTIPLY -> Math.multiplyExact(a[i], b[i]);
              default -> Math.negateExact(a[i]);
            };
          } catch (ArithmeticException e) {
            throw new ArithmeticException("DECIMAL overflow (more than 18 digits) in " + op);
          }
        }
      }
      return Values.ofLongs(out, valid);
    }
    switch (op) {
      case ADD -> { for (int i = 0; i < n; i++) { out[i] = a[i] + b[i]; } }
      case SUBTRACT -> { for (int i = 0; i < n; i++) { out[i] = a[i] - b[i]; } }
      case MULTIPLY -> { for (int i = 0; i < n; i++) { out[i] = a[i] * b[i]; } }
      default -> { for (int i = 0; i < n; i++) { out[i] = -a[i]; } }
    }
    wrap(out, type.bits());
    return Values.ofLongs(out, valid);
  }

  static void wrap(long[] values, int bits) {
    switch (bits) {
      case 32 -> { for (int i = 0; i < values.length; i++) { values[i] = (int) values[i]; } }
      case 16 -> { for (int i = 0; i < values.length; i++) { values[i] = (short) values[i]; } }
      case 8 -> { for (int i = 0; i < values.length; i++) { values[i] = (byte) values[i]; } }
      default -> { }
    }
  }

  private static long[] compare(Op op, ValueType type, Values a, Values b, int n) {
    long[] out = new long[n];
    if (type.kind() == Kind.DOUBLE) { // Java's operators: NaN compares false, -0.0 equals 0.0
      double[] x = a.doubles();
      double[] y = b.doubles();
      for (int i = 0; i < n; i++) {
        boolean result = switch (op) {
          case EQUALS -> x[i] == y[i];
          case NOT_EQUALS -> x[i] != y[i];
          case LESS -> x[i] < y[i];
          case LESS_EQUAL -> x[i] <= y[i];
          case GREATER -> x[i] > y[i];
          default -> x[i] >= y[i];
        };
        out[i] = result ? 1 : 0;
      }
      return out;
    }
    if (type.kind() == Kind.VARCHAR && (op == Op.EQUALS || op == Op.NOT_EQUALS)) {
      long equal = op == Op.EQUALS ? 1 : 0;
      for (int i = 0; i < n; i++) { // NULL rows: any value, their result is NULL
        out[i] = a.isValid(i) && b.isValid(i)
            && Utf8.equal(a.strings(), a.positions()[i], b.strings(), b.positions()[i]) ? equal : 1 - equal;
      }
      return out;
    }
    for (int i = 0; i < n; i++) {
      int cmp = type.kind() == Kind.VARCHAR ? compareStrings(a, b, i) : Long.compare(a.longs()[i], b.longs()[i]);
      boolean result = switch (op) {
        case EQUALS -> cmp == 0;
        case NOT_EQUALS -> cmp != 0;
        case LESS -> cmp < 0;
        case LESS_EQUAL -> cmp <= 0;
        case GREATER -> cmp > 0;
        default -> cmp >= 0;
      };
      out[i] = result ? 1 : 0;
    }
    return out;
  }

  /** Compares as Java strings do (Calcite's order), by UTF-16 code units; NULL rows as empty strings (their result is NULL anyway). */
  private static int compareStrings(Values a, Values b, int i) {
    if (!a.isValid(i) || !b.isValid(i)) {
      return 0;
    }
    return Utf8.compare(a.strings(), a.positions()[i], b.strings(), b.positions()[i]);
  }

  private static String string(Values v, int i) {
    return v.isValid(i) ? v.strings().getString(v.positions()[i]) : "";
  }

  private static Values logic(boolean and, Values a, Values b, int n) {
    long[] out = new long[n];
    boolean[] valid = a.valid() == null && b.valid() == null ? null : new boolean[n];
    for (int i = 0; i < n; i++) {
      boolean av = a.isValid(i);
      boolean bv = b.isValid(i);
      boolean at = av && a.longs()[i] != 0;
      boolean bt = bv && b.longs()[i] != 0;
      boolean af = av && a.longs()[i] == 0;
      boolean bf = bv && b.longs()[i] == 0;
      if (and) {
        out[i] = at && bt ? 1 : 0;
        if (valid != null) {
          valid[i] = (av && bv) || af || bf;
        }
      } else {
        out[i] = at || bt ? 1 : 0;
        if (valid != null) {
          valid[i] = (av && bv) || at || bt;
        }
      }
    }
    return Values.ofLongs(out, valid);
  }

  private static Values cast(Values in, ValueType from, ValueType to, int n) {
    if (to.kind() == Kind.DOUBLE) {
      double[] out = new double[n];
      double scale = Exprs.POWERS[from.scale()];
      for (int i = 0; i < n; i++) {
        out[i] = from.kind() == Kind.DOUBLE ? in.doubles()[i] : in.longs()[i] / scale;
      }
      return Values.ofDoubles(out, in.valid());
    }
    long[] out = new long[n];
    if (to.scale() < from.scale()) { // toward zero, as Calcite's CAST (RoundingMode.DOWN)
      long divisor = Exprs.POWERS[from.scale() - to.scale()];
      for (int i = 0; i < n; i++) {
        out[i] = in.longs()[i] / divisor;
      }
      return Values.ofLongs(out, in.valid());
    }
    long factor = Exprs.POWERS[to.scale() - from.scale()];
    for (int i = 0; i < n; i++) {
      if (in.isValid(i)) {
        try {
          out[i] = Math.multiplyExact(in.longs()[i], factor);
        } catch (ArithmeticException e) {
          throw new ArithmeticException("DECIMAL overflow (more than 18 digits) in CAST to " + to);
        }
      }
    }
    return Values.ofLongs(out, in.valid());
  }

  /**
   * {@link Op#CHECKED_CAST}: Calcite's message names the value cast (before rescaling), and a value
   * too large to rescale within a long is out of range like any other.
   */
  private static Values checkedCast(Values in, ValueType from, ValueType to, long limit, int n) {
    long[] out = new long[n];
    int shift = to.scale() - from.scale();
    for (int i = 0; i < n; i++) {
      if (in.isValid(i)) {
        long x = in.longs()[i];
        long v;
        try {
          v = shift >= 0 ? Math.multiplyExact(x, Exprs.POWERS[shift]) : x / Exprs.POWERS[-shift];
        } catch (ArithmeticException e) {
          v = Long.MAX_VALUE;
        }
        if (v >= limit || v <= -limit) {
          throw new ArithmeticException("Value " + java.math.BigDecimal.valueOf(x, from.scale())
              + " cannot be represented as a DECIMAL(" + Exprs.precision(limit) + ", " + to.scale() + ")");
        }
        out[i] = v;
      }
    }
    return Values.ofLongs(out, in.valid());
  }

  private static Values caseWhen(Values[] in, ValueType type, int n) {
    boolean isDouble = type.kind() == Kind.DOUBLE;
    long[] longs = isDouble ? null : new long[n];
    double[] doubles = isDouble ? new double[n] : null;
    boolean[] valid = new boolean[n];
    for (int i = 0; i < n; i++) {
      int pick = in.length - 1;
      for (int w = 0; w + 1 < in.length; w += 2) {
        if (in[w].isValid(i) && in[w].longs()[i] != 0) {
          pick = w + 1;
          break;
        }
      }
      if (isDouble) {
        doubles[i] = in[pick].doubles()[i];
      } else {
        longs[i] = in[pick].longs()[i];
      }
      valid[i] = in[pick].isValid(i);
    }
    return new Values(longs, doubles, valid, null, null);
  }

  /**
   * AND (OR) whose right side may fail: evaluated only for the rows the left side leaves open
   * (not FALSE, not TRUE), as Calcite's code does; the others take a right side that changes nothing.
   */
  private static Values lazyLogic(boolean and, Call c, Batch batch, int[] positions, Map<Call, Values> done) {
    int n = positions.length;
    Values a = evaluate(c.operand(0), batch, positions, done);
    long decided = and ? 0 : 1;
    int[] open = rowsWhere(n, i -> !(a.isValid(i) && a.longs()[i] == decided));
    long[] right = new long[n];
    Arrays.fill(right, decided);
    boolean[] valid = null;
    if (open.length > 0) {
      Values b = evaluate(c.operand(1), batch, at(positions, open), new HashMap<>());
      valid = new boolean[n];
      Arrays.fill(valid, true);
      for (int j = 0; j < open.length; j++) {
        right[open[j]] = b.longs()[j];
        valid[open[j]] = b.isValid(j);
      }
    }
    return logic(and, a, Values.ofLongs(right, valid), n);
  }

  /** CASE with a branch that may fail: each condition and value evaluated only for the rows that reach it. */
  private static Values lazyCase(Call c, Batch batch, int[] positions) {
    int n = positions.length;
    Values out = c.type().kind() == Kind.DOUBLE ? Values.ofDoubles(new double[n], new boolean[n])
        : Values.ofLongs(new long[n], new boolean[n]);
    List<Expr> in = c.operands();
    int[] open = rowsWhere(n, i -> true); // the rows no WHEN has taken yet
    for (int w = 0; w + 1 < in.size() && open.length > 0; w += 2) {
      int[] rows = open;
      Values when = evaluate(in.get(w), batch, at(positions, rows), new HashMap<>());
      IntPredicate taken = j -> when.isValid(j) && when.longs()[j] != 0;
      assign(out, in.get(w + 1), batch, positions, at(rows, rowsWhere(rows.length, taken)));
      open = at(rows, rowsWhere(rows.length, taken.negate()));
    }
    assign(out, in.getLast(), batch, positions, open); // ELSE
    return out;
  }

  /** Evaluates {@code value} for {@code rows} (indexes into {@code positions}) into those rows of {@code out}. */
  private static void assign(Values out, Expr value, Batch batch, int[] positions, int[] rows) {
    if (rows.length == 0) {
      return;
    }
    Values v = evaluate(value, batch, at(positions, rows), new HashMap<>());
    for (int j = 0; j < rows.length; j++) {
      if (out.doubles() != null) {
        out.doubles()[rows[j]] = v.doubles()[j];
      } else {
        out.longs()[rows[j]] = v.longs()[j];
      }
      out.valid()[rows[j]] = v.isValid(j);
    }
  }

  private static int[] rowsWhere(int n, IntPredicate test) {
    return IntStream.range(0, n).filter(test).toArray();
  }

  /** {@code values[rows[0]], values[rows[1]], ...}. */
  private static int[] at(int[] values, int[] rows) {
    int[] picked = new int[rows.length];
    for (int j = 0; j < rows.length; j++) {
      picked[j] = values[rows[j]];
    }
    return picked;
  }

  /** {@link Op#DECIMAL_QUOTIENT}: Calcite's {@code SqlFunctions.divide}, then its DECIMAL cast (rounding down). */
  private static Values decimalQuotient(Call c, Values[] in, int n) {
    int dividendScale = c.operand(0).type().kind() == Kind.DECIMAL ? c.operand(0).type().scale() : 0;
    int divisorScale = c.operand(1).type().kind() == Kind.DECIMAL ? c.operand(1).type().scale() : 0;
    int scale = c.type().scale();
    boolean[] valid = bothValid(in, n);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      if (valid == null || valid[i]) {
        long divisor = in[1].longs()[i];
        if (divisor == 0) {
          throw new ArithmeticException("Division by zero");
        }
        BigDecimal quotient = BigDecimal.valueOf(in[0].longs()[i], dividendScale)
            .divide(BigDecimal.valueOf(divisor, divisorScale), MathContext.DECIMAL64).setScale(scale, RoundingMode.DOWN);
        try {
          out[i] = quotient.unscaledValue().longValueExact();
        } catch (ArithmeticException e) {
          throw new ArithmeticException("DECIMAL overflow (more than 18 digits) in division");
        }
      }
    }
    return Values.ofLongs(out, valid);
  }

  /**
   * A pattern without {@code _} is matched on the strings' bytes where they lie, its text between
   * {@code %} found in order (UTF-8 matches at character boundaries only): TPC-H Q16's
   * {@code '%Customer%Complaints%'} made a Java string of each supplier's comment for a regular
   * expression, a tenth of the query. Others match the decoded strings to a regular expression.
   */
  private static Values like(Values in, String pattern, int n) {
    long[] out = new long[n];
    if (pattern.indexOf('_') >= 0) {
      Pattern regex = likePattern(pattern);
      for (int i = 0; i < n; i++) {
        out[i] = in.isValid(i) && regex.matcher(string(in, i)).matches() ? 1 : 0;
      }
      return Values.ofLongs(out, in.valid());
    }
    byte[][] segments = Arrays.stream(pattern.split("%", -1))
        .map(segment -> segment.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    Vector v = in.strings();
    for (int i = 0; i < n; i++) {
      int row = in.positions()[i];
      out[i] = in.isValid(i) && matches(v.data(), v.start(row), v.end(row), segments) ? 1 : 0;
    }
    return Values.ofLongs(out, in.valid());
  }

  /**
   * Whether bytes {@code [from, to)} of {@code data} match a pattern without {@code _} split at its
   * {@code %}: the first segment starts them, the last ends them, the others lie between in order
   * (each found first is as good as any later one).
   */
  private static boolean matches(MemorySegment data, int from, int to, byte[][] segments) {
    byte[] head = segments[0];
    if (segments.length == 1) {
      return to - from == head.length && Utf8.holdsAt(data, from, head);
    }
    byte[] tail = segments[segments.length - 1];
    long at = from + head.length;
    long end = to - tail.length;
    if (end < at || !Utf8.holdsAt(data, from, head) || !Utf8.holdsAt(data, end, tail)) {
      return false;
    }
    for (int k = 1; k < segments.length - 1 && at >= 0; k++) {
      long found = Utf8.indexOf(data, at, end, segments[k]);
      at = found < 0 ? -1 : found + segments[k].length;
    }
    return at >= 0;
  }

  /**
   * SUBSTRING as Calcite computes it ({@code SqlFunctions.substring}): a start before 1 shortens
   * the length. ASCII strings are cut where their bytes lie; others
   * through a Java string, whose units the positions count (a cut inside a surrogate pair gives
   * the '?' that UTF-8 writes for it, where Calcite keeps the lone surrogate).
   */
  private static Values substring(Values[] in, int n) {
    Values s = in[0];
    boolean[] valid = bothValid(in, n);
    int[] offsets = new int[n + 1];
    byte[] data = new byte[64];
    int size = 0;
    for (int i = 0; i < n; i++) {
      offsets[i] = size;
      if (valid != null && !valid[i]) {
        continue;
      }
      long start = in[1].longs()[i];
      long length = in.length > 2 ? in[2].longs()[i] : Integer.MAX_VALUE; // a constant, 0 or more
      Vector v = s.strings();
      int row = s.positions()[i];
      int from = v.start(row);
      int to = v.end(row);
      if (Utf8.isAscii(v.data(), from, to)) {
        int begin = substringBegin(to - from, start, length);
        int cut = substringEnd(to - from, start, length) - begin;
        data = room(data, size + cut);
        MemorySegment.copy(v.data(), ValueLayout.JAVA_BYTE, from + begin, data, size, cut);
        size += cut;
      } else {
        String whole = v.getString(row);
        byte[] cut = whole.substring(substringBegin(whole.length(), start, length),
            substringEnd(whole.length(), start, length)).getBytes(StandardCharsets.UTF_8);
        data = room(data, size + cut.length);
        System.arraycopy(cut, 0, data, size, cut.length);
        size += cut.length;
      }
    }
    offsets[n] = size;
    int[] positions = new int[n];
    Arrays.setAll(positions, i -> i);
    Vector out = Vector.varchar(OffHeap.of(offsets), OffHeap.of(Arrays.copyOf(data, size)), null);
    return new Values(null, null, valid, out, positions);
  }

  private static byte[] room(byte[] data, int size) {
    return size <= data.length ? data : Arrays.copyOf(data, Math.max(data.length * 2, size));
  }

  /** The first unit of a string of {@code units} that SUBSTRING(FROM start FOR length) keeps. */
  private static int substringBegin(int units, long start, long length) {
    return start > units || start + length < 1 ? 0 : (int) Math.max(start, 1) - 1;
  }

  /** The unit after the last one that SUBSTRING(FROM start FOR length) keeps (begin when none). */
  private static int substringEnd(int units, long start, long length) {
    return start > units || start + length < 1 ? 0 : (int) Math.min(start + length, units + 1L) - 1;
  }

  /** SQL LIKE as a regular expression: % any run of characters, _ one character. */
  static Pattern likePattern(String pattern) {
    StringBuilder regex = new StringBuilder();
    int literalStart = 0;
    for (int i = 0; i < pattern.length(); i++) {
      char ch = pattern.charAt(i);
      if (ch == '%' || ch == '_') {
        if (i > literalStart) {
          regex.append(Pattern.quote(pattern.substring(literalStart, i)));
        }
        regex.append(ch == '%' ? ".*" : ".");
        literalStart = i + 1;
      }
    }
    if (literalStart < pattern.length()) {
      regex.append(Pattern.quote(pattern.substring(literalStart)));
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  private static boolean[] bothValid(Values[] in, int n) {
    boolean[] valid = null;
    for (Values v : in) {
      if (v.valid() != null) {
        if (valid == null) {
          valid = v.valid().clone();
        } else {
          for (int i = 0; i < n; i++) {
            valid[i] &= v.valid()[i];
          }
        }
      }
    }
    return valid;
  }
}
