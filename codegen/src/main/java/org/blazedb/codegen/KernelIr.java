package org.blazedb.codegen;

import java.util.BitSet;
import java.util.List;
import org.blazedb.engine.expr.Expr;
import org.blazedb.engine.expr.Expr.Call;
import org.blazedb.engine.expr.Expr.ColumnRef;
import org.blazedb.engine.expr.Expr.Literal;
import org.blazedb.engine.expr.Exprs;
import org.blazedb.engine.expr.Op;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.engine.vector.ValueType.Kind;

/**
 * Writes the LLVM IR of a kernel: one function
 * {@code i64 name(ptr cols, ptr valids, ptr params, ptr sel, i64 n, ptr out, ptr mask, ptr datas)}
 * that evaluates the expression for rows {@code sel[0..n)} (or {@code 0..n} when sel is null).
 * {@code cols[c]} is column c's values, or for a VARCHAR column its int32 offsets, whose bytes are
 * at {@code datas[c]}.
 *
 * <ul>
 *   <li>a projection stores value j at {@code out[j]} and its validity at byte {@code mask[j]};
 *   <li>a filter stores TRUE/not at {@code mask[j]} in a first loop, then the positions of the
 *       TRUE rows at {@code out[k]} (int32) in a second one, and returns k.
 * </ul>
 *
 * The value loop has no branches (nulls are validity bits carried beside each value, CASE is a
 * select), so LLVM vectorizes it; it is emitted twice, for dense rows and for a selection.
 * Constants are loaded from {@code params} (int64 each, doubles as their bits; a string takes two:
 * the address of its UTF-8 bytes and their length). Strings are compared, and matched against a
 * LIKE pattern, by helper functions of the module ({@link StringIr}); a kernel that calls them
 * runs a scalar loop. A DECIMAL overflow
 * in a valid row makes the function return -1; a DECIMAL product of operands beyond int32, which
 * may have overflowed, returns -2 (the caller recomputes that batch exactly).
 */
final class KernelIr {
  private final StringBuilder body = new StringBuilder();
  private final StringBuilder entry = new StringBuilder();
  private final BitSet columnsLoaded = new BitSet();
  private final StringIr strings = new StringIr();
  private int next;
  /** LIKE patterns whose shape the entry block finds. */
  private int likeShapes;
  private int nextParam;

  /** An SSA value and its validity (an i1 name or "true"/"false"); a string is a pointer and a length. */
  private record Value(String name, String valid, ValueType type, String length) {
    Value(String name, String valid, ValueType type) {
      this(name, valid, type, null);
    }

    /** Whether this is a constant: loaded from the parameters, before the loop. */
    boolean constant() {
      return name.startsWith("%param");
    }

    String llvmType() {
      return type.kind() == Kind.BOOLEAN ? "i1" : type.kind() == Kind.DOUBLE ? "double" : "i64";
    }
  }

  /**
   * Whether the IR generator computes {@code e}: strings only as the columns and constants that a
   * comparison or a LIKE (with a constant pattern) reads; no string results.
   */
  static boolean supports(Expr e) {
    return switch (e) {
      case ColumnRef r -> r.type().kind() != Kind.VARCHAR;
      case Literal l -> l.type().kind() != Kind.VARCHAR;
      case Call c when c.op() == Op.LIKE -> isString(c.operand(0)) && c.operand(1) instanceof Literal;
      case Call c when c.op() == Op.DECIMAL_QUOTIENT -> false;
      case Call c when c.op().isComparison() && c.operand(0).type().kind() == Kind.VARCHAR ->
          isString(c.operand(0)) && isString(c.operand(1));
      case Call c -> c.type().kind() != Kind.VARCHAR && c.operands().stream().allMatch(KernelIr::supports);
    };
  }

  private static boolean isString(Expr e) {
    return e.type().kind() == Kind.VARCHAR && (e instanceof ColumnRef || e instanceof Literal);
  }

  static String filter(Expr predicate, String name) {
    return new KernelIr().function(predicate, name, true);
  }

  static String project(Expr expression, String name) {
    return new KernelIr().function(expression, name, false);
  }

  private String function(Expr e, String name, boolean filter) {
    Value result = emit(e);
    StringBuilder ir = new StringBuilder();
    ir.append("declare {i64, i1} @llvm.sadd.with.overflow.i64(i64, i64)\n")
        .append("declare {i64, i1} @llvm.ssub.with.overflow.i64(i64, i64)\n")
        .append("declare {i64, i1} @llvm.smul.with.overflow.i64(i64, i64)\n\n")
        .append("define i64 @").append(name)
        .append("(ptr noalias %cols, ptr noalias %valids, ptr noalias %params, ptr noalias %sel, i64 %n, ")
        .append("ptr noalias %out, ptr noalias %mask, ptr noalias %datas) {\n")
        .append("entry:\n").append(entry)
        .append("  %empty = icmp sle i64 %n, 0\n")
        .append("  br i1 %empty, label %done, label %choose\n")
        .append("choose:\n")
        .append("  %dense = icmp eq ptr %sel, null\n")
        .append("  br i1 %dense, label %loop.d, label %loop.s\n");
    for (String v : List.of("d", "s")) {
      String row = v.equals("d") ? "  %i.d = add i64 %j.d, 0\n"
          : "  %sp.s = getelementptr i32, ptr %sel, i64 %j.s\n  %si.s = load i32, ptr %sp.s\n  %i.s = sext i32 %si.s to i64\n";
      String loop = "loop.%%\n"
          + "  %j.%% = phi i64 [0, %choose], [%jn.%%, %loop.%%]\n"
          + "  %ovf.%% = phi i1 [false, %choose], [%ovfn.%%, %loop.%%]\n"
          + "  %sus.%% = phi i1 [false, %choose], [%susn.%%, %loop.%%]\n"
          + row.replace(".d", ".%%").replace(".s", ".%%")
          + body + store(result, filter)
          + "  %jn.%% = add nuw nsw i64 %j.%%, 1\n"
          + "  %more.%% = icmp slt i64 %jn.%%, %n\n"
          + "  br i1 %more.%%, label %loop.%%, label %end.%%\n"
          + "end.%%:\n"
          + "  br i1 %ovfn.%%, label %done.ovf, label %chk.%%\n"
          + "chk.%%:\n"
          + "  br i1 %susn.%%, label %done.sus, label %" + (filter ? "c.%%" : "done.n") + "\n";
      ir.append(loop.replace("loop.%%\n", "loop.%%:\n").replace("%ROW", "%i.%%").replace("%%", v));
      if (filter) {
        // Positions of the TRUE rows: a short scalar loop over the mask the vector loop wrote.
        String position = v.equals("d") ? "  %cpos.d = trunc i64 %cj.d to i32\n"
            : "  %cspp.s = getelementptr i32, ptr %sel, i64 %cj.s\n  %cpos.s = load i32, ptr %cspp.s\n";
        ir.append(("c.%%:\n"
            + "  %cj.%% = phi i64 [0, %chk.%%], [%cjn.%%, %c.%%]\n"
            + "  %ck.%% = phi i64 [0, %chk.%%], [%ckn.%%, %c.%%]\n"
            + "  %cmp.%% = getelementptr i8, ptr %mask, i64 %cj.%%\n"
            + "  %cm.%% = load i8, ptr %cmp.%%\n"
            + position.replace(".d", ".%%").replace(".s", ".%%")
            + "  %cout.%% = getelementptr i32, ptr %out, i64 %ck.%%\n"
            + "  store i32 %cpos.%%, ptr %cout.%%\n"
            + "  %cinc.%% = zext i8 %cm.%% to i64\n"
            + "  %ckn.%% = add i64 %ck.%%, %cinc.%%\n"
            + "  %cjn.%% = add i64 %cj.%%, 1\n"
            + "  %cmore.%% = icmp slt i64 %cjn.%%, %n\n"
            + "  br i1 %cmore.%%, label %c.%%, label %cend.%%\n"
            + "cend.%%:\n"
            + "  ret i64 %ckn.%%\n").replace("%%", v));
      }
    }
    ir.append("done.ovf:\n  ret i64 -1\n");
    ir.append("done.sus:\n  ret i64 -2\n");
    if (!filter) {
      ir.append("done.n:\n  ret i64 %n\n");
    }
    ir.append("done:\n  ret i64 0\n}\n");
    ir.append(strings.definitions());
    return ir.toString();
  }

  private String store(Value result, boolean filter) {
    StringBuilder s = new StringBuilder();
    s.append("  %mp.%% = getelementptr i8, ptr %mask, i64 %j.%%\n");
    if (filter) {
      s.append("  %pass.%% = and i1 ").append(result.name).append(", ").append(result.valid).append('\n')
          .append("  %pb.%% = zext i1 %pass.%% to i8\n")
          .append("  store i8 %pb.%%, ptr %mp.%%\n");
    } else {
      String value = result.name;
      String type = result.llvmType();
      if (type.equals("i1")) {
        s.append("  %bv.%% = zext i1 ").append(value).append(" to i64\n");
        value = "%bv.%%";
        type = "i64";
      }
      s.append("  %op.%% = getelementptr ").append(type).append(", ptr %out, i64 %j.%%\n")
          .append("  store ").append(type).append(' ').append(value).append(", ptr %op.%%\n")
          .append("  %vb.%% = zext i1 ").append(result.valid).append(" to i8\n")
          .append("  store i8 %vb.%%, ptr %mp.%%\n");
    }
    s.append("  %ovfn.%% = or i1 %ovf.%%, ").append(lastOverflow).append('\n');
    s.append("  %susn.%% = or i1 %sus.%%, ").append(lastSuspect).append('\n');
    return s.toString();
  }

  /** The i1 that is true once a DECIMAL operation overflowed in a valid row ("false" if none can). */
  private String lastOverflow = "false";
  /** The i1 that is true once a DECIMAL product may have overflowed in a valid row. */
  private String lastSuspect = "false";

  private String fresh() {
    return "%t.%%" + (next++); // %% becomes the loop variant
  }

  private void line(String text) {
    body.append("  ").append(text).append('\n');
  }

  private Value emit(Expr e) {
    return switch (e) {
      case ColumnRef r -> column(r);
      case Literal l -> literal(l);
      case Call c -> call(c);
    };
  }

  private Value column(ColumnRef r) {
    int c = r.column();
    if (!columnsLoaded.get(c)) {
      columnsLoaded.set(c);
      entry.append("  %colp").append(c).append(" = getelementptr ptr, ptr %cols, i64 ").append(c).append('\n')
          .append("  %col").append(c).append(" = load ptr, ptr %colp").append(c).append('\n')
          .append("  %valp").append(c).append(" = getelementptr ptr, ptr %valids, i64 ").append(c).append('\n')
          .append("  %val").append(c).append(" = load ptr, ptr %valp").append(c).append('\n');
      if (r.type().kind() == Kind.VARCHAR) {
        entry.append("  %datap").append(c).append(" = getelementptr ptr, ptr %datas, i64 ").append(c).append('\n')
            .append("  %data").append(c).append(" = load ptr, ptr %datap").append(c).append('\n');
      }
    }
    if (r.type().kind() == Kind.VARCHAR) {
      return string(r);
    }
    String elem = r.type().kind() == Kind.DOUBLE ? "double" : "i64";
    String p = fresh();
    String v = fresh();
    line(p + " = getelementptr " + elem + ", ptr %col" + c + ", i64 %ROW");
    line(v + " = load " + elem + ", ptr " + p);
    String valid = valid(c);
    if (r.type().kind() == Kind.BOOLEAN) {
      String b = fresh();
      line(b + " = icmp ne i64 " + v + ", 0");
      return new Value(b, valid, r.type());
    }
    return new Value(v, valid, r.type());
  }

  /** Row %ROW of VARCHAR column {@code r}: a pointer into its bytes and a length. */
  private Value string(ColumnRef r) {
    int c = r.column();
    String startp = fresh();
    String start32 = fresh();
    String endp = fresh();
    String end32 = fresh();
    String start = fresh();
    String length = fresh();
    String bytes = fresh();
    line(startp + " = getelementptr i32, ptr %col" + c + ", i64 %ROW");
    line(start32 + " = load i32, ptr " + startp);
    line(endp + " = getelementptr i32, ptr " + startp + ", i64 1");
    line(end32 + " = load i32, ptr " + endp);
    line(start + " = sext i32 " + start32 + " to i64");
    String end = fresh();
    line(end + " = sext i32 " + end32 + " to i64");
    line(length + " = sub i64 " + end + ", " + start);
    line(bytes + " = getelementptr i8, ptr %data" + c + ", i64 " + start);
    return new Value(bytes, valid(c), r.type(), length);
  }

  /** Whether row %ROW of column {@code c} has a value: its validity byte, as an i1. */
  private String valid(int c) {
    String vp = fresh();
    String vb = fresh();
    String valid = fresh();
    line(vp + " = getelementptr i8, ptr %val" + c + ", i64 %ROW");
    line(vb + " = load i8, ptr " + vp);
    line(valid + " = icmp ne i8 " + vb + ", 0");
    return valid;
  }

  private Value literal(Literal l) {
    if (l.value() == null) {
      String zero = switch (l.type().kind()) {
        case DOUBLE -> "0.0";
        case BOOLEAN -> "false";
        case VARCHAR -> "null";
        default -> "0";
      };
      return new Value(zero, "false", l.type(), l.type().kind() == Kind.VARCHAR ? "0" : null);
    }
    if (l.type().kind() == Kind.VARCHAR) { // two parameters: address and length
      int index = nextParam;
      nextParam += 2;
      entry.append("  %pp").append(index).append(" = getelementptr i64, ptr %params, i64 ").append(index).append('\n')
          .append("  %param").append(index).append(" = load i64, ptr %pp").append(index).append('\n')
          .append("  %params").append(index).append(" = inttoptr i64 %param").append(index).append(" to ptr\n")
          .append("  %pl").append(index).append(" = getelementptr i64, ptr %params, i64 ").append(index + 1).append('\n')
          .append("  %paraml").append(index).append(" = load i64, ptr %pl").append(index).append('\n');
      return new Value("%params" + index, "true", l.type(), "%paraml" + index);
    }
    int index = nextParam++;
    String raw = "%param" + index;
    entry.append("  %pp").append(index).append(" = getelementptr i64, ptr %params, i64 ").append(index).append('\n')
        .append("  ").append(raw).append(" = load i64, ptr %pp").append(index).append('\n');
    return switch (l.type().kind()) {
      case DOUBLE -> {
        entry.append("  %paramd").append(index).append(" = bitcast i64 ").append(raw).append(" to double\n");
        yield new Value("%paramd" + index, "true", l.type());
      }
      case BOOLEAN -> {
        entry.append("  %paramb").append(index).append(" = icmp ne i64 ").append(raw).append(", 0\n");
        yield new Value("%paramb" + index, "true", l.type());
      }
      default -> new Value(raw, "true", l.type());
    };
  }

  private Value call(Call c) {
    Op op = c.op();
    ValueType type = c.type();
    if (op == Op.CASE) {
      return caseWhen(c);
    }
    Value a = emit(c.operand(0));
    Value b = c.operands().size() > 1 ? emit(c.operand(1)) : null;
    return switch (op) {
      case ADD, SUBTRACT, MULTIPLY, DIVIDE, NEGATE -> arithmetic(op, type, a, b);
      case EQUALS, NOT_EQUALS, LESS, LESS_EQUAL, GREATER, GREATER_EQUAL -> compare(op, a, b);
      case AND, OR -> logic(op == Op.AND, a, b);
      case NOT -> {
        String v = fresh();
        line(v + " = xor i1 " + a.name + ", true");
        yield new Value(v, a.valid, type);
      }
      case IS_NULL, IS_NOT_NULL -> {
        String v = fresh();
        line(v + " = xor i1 " + a.valid + ", " + (op == Op.IS_NULL ? "true" : "false"));
        yield new Value(v, "true", type);
      }
      case CAST -> cast(a, c.operand(0).type(), type);
      case CHECKED_CAST -> checkedCast(a, b, c.operand(0).type(), type);
      case LIKE -> {
        if (!b.constant()) {
          throw new IllegalArgumentException("LIKE without a constant pattern is not compiled");
        }
        String v = fresh();
        String shape = "%likeshape" + (likeShapes++); // the pattern's shape, found once before the loop
        entry.append("  ").append(shape).append(" = call i64 ").append(strings.likeShape()).append("(ptr ")
            .append(b.name).append(", i64 ").append(b.length).append(")\n");
        line(v + " = call i1 " + strings.like() + "(ptr " + a.name + ", i64 " + a.length + ", ptr " + b.name
            + ", i64 " + b.length + ", i64 " + shape + ")");
        yield new Value(v, and(a.valid, b.valid), type);
      }
      case YEAR, MONTH, DAY -> dateField(op, a, type);
      default -> throw new IllegalArgumentException(op + " is not compiled");
    };
  }

  /**
   * {@link org.blazedb.engine.expr.Dates#field}, step for step, in 32 bits: a DATE's days fit (Calcite's
   * DATE is an int), and x86 vectorizes divisions by constants of 32-bit lanes but not of 64-bit ones.
   */
  private Value dateField(Op op, Value a, ValueType type) {
    String days = fresh();
    line(days + " = trunc i64 " + a.name + " to i32");
    String z = int32("add", days, "719468");
    String numerator = fresh();
    line(numerator + " = select i1 " + int32("icmp slt", z, "0") + ", i32 " + int32("sub", z, "146096") + ", i32 " + z);
    String era = int32("sdiv", numerator, "146097");
    String dayOfEra = int32("sub", z, int32("mul", era, "146097"));
    String yearOfEra = int32("udiv", int32("sub", int32("add", int32("sub", dayOfEra, int32("udiv", dayOfEra, "1460")),
        int32("udiv", dayOfEra, "36524")), int32("udiv", dayOfEra, "146096")), "365");
    String dayOfYear = int32("sub", dayOfEra, int32("sub", int32("add", int32("mul", yearOfEra, "365"), int32("udiv", yearOfEra, "4")),
        int32("udiv", yearOfEra, "100")));
    String monthFromMarch = int32("udiv", int32("add", int32("mul", dayOfYear, "5"), "2"), "153");
    String month = fresh();
    line(month + " = select i1 " + int32("icmp ult", monthFromMarch, "10") + ", i32 " + int32("add", monthFromMarch, "3")
        + ", i32 " + int32("sub", monthFromMarch, "9"));
    String field = switch (op) {
      case YEAR -> {
        String january = fresh();
        line(january + " = zext i1 " + int32("icmp ule", month, "2") + " to i32");
        yield int32("add", int32("add", yearOfEra, int32("mul", era, "400")), january);
      }
      case MONTH -> month;
      default -> int32("add", int32("sub", dayOfYear, int32("udiv", int32("add", int32("mul", monthFromMarch, "153"), "2"), "5")), "1");
    };
    String v = fresh();
    line(v + " = sext i32 " + field + " to i64");
    return new Value(v, a.valid, type);
  }

  /** A fresh value of {@code instruction} on two i32 operands. */
  private String int32(String instruction, String x, String y) {
    String v = fresh();
    line(v + " = " + instruction + " i32 " + x + ", " + y);
    return v;
  }

  private Value arithmetic(Op op, ValueType type, Value a, Value b) {
    String valid = and(a.valid, b == null ? "true" : b.valid);
    String v = fresh();
    if (type.kind() == Kind.DOUBLE) {
      switch (op) {
        case NEGATE -> line(v + " = fneg double " + a.name);
        case ADD -> line(v + " = fadd double " + a.name + ", " + b.name);
        case SUBTRACT -> line(v + " = fsub double " + a.name + ", " + b.name);
        case MULTIPLY -> line(v + " = fmul double " + a.name + ", " + b.name);
        default -> line(v + " = fdiv double " + a.name + ", " + b.name);
      }
      return new Value(v, valid, type);
    }
    String left = op == Op.NEGATE ? "0" : a.name;
    String right = op == Op.NEGATE ? a.name : b.name;
    if (type.kind() == Kind.DECIMAL) {
      String intrinsic = switch (op) {
        case ADD -> "sadd";
        case MULTIPLY -> "smul";
        default -> "ssub";
      };
      checked(v, intrinsic, left, right, valid);
      return new Value(v, valid, type);
    }
    String instruction = switch (op) {
      case ADD -> "add";
      case MULTIPLY -> "mul";
      default -> "sub";
    };
    String raw = fresh();
    line(raw + " = " + instruction + " i64 " + left + ", " + right);
    return new Value(wrap(raw, type.bits()), valid, type);
  }

  /**
   * {@code v = left op right} for DECIMAL, without the overflow intrinsics (LLVM does not vectorize
   * them): a sum or difference overflowed when its sign disagrees with both operands' (exact); a
   * product may have overflowed only when an operand is outside the int32 range, and then the
   * kernel asks for the batch to be recomputed by the exact reference ({@link #lastSuspect}).
   */
  private void checked(String v, String intrinsic, String left, String right, String valid) {
    if (intrinsic.equals("smul")) {
      line(v + " = mul i64 " + left + ", " + right);
      String l = fresh();
      String r = fresh();
      String both = fresh();
      String wide = fresh();
      line(l + " = add i64 " + left + ", 2147483648");
      line(r + " = add i64 " + right + ", 2147483648");
      line(both + " = or i64 " + l + ", " + r);
      line(wide + " = icmp ugt i64 " + both + ", 4294967295");
      lastSuspect = or(lastSuspect, and(wide, valid));
      return;
    }
    String x = fresh();
    String y = fresh();
    String signs = fresh();
    String flag = fresh();
    line(v + " = " + (intrinsic.equals("sadd") ? "add" : "sub") + " i64 " + left + ", " + right);
    if (intrinsic.equals("sadd")) { // (left ^ v) & (right ^ v) < 0
      line(x + " = xor i64 " + left + ", " + v);
      line(y + " = xor i64 " + right + ", " + v);
    } else { // (left ^ right) & (left ^ v) < 0
      line(x + " = xor i64 " + left + ", " + right);
      line(y + " = xor i64 " + left + ", " + v);
    }
    line(signs + " = and i64 " + x + ", " + y);
    line(flag + " = icmp slt i64 " + signs + ", 0");
    lastOverflow = or(lastOverflow, and(flag, valid));
  }

  private String or(String x, String y) {
    if (x.equals("false")) {
      return y;
    }
    String v = fresh();
    line(v + " = or i1 " + x + ", " + y);
    return v;
  }

  /** Integer results wrap at their SQL width, as Java's int arithmetic does. */
  private String wrap(String value, int bits) {
    if (bits == 64) {
      return value;
    }
    String narrow = fresh();
    String wide = fresh();
    line(narrow + " = trunc i64 " + value + " to i" + bits);
    line(wide + " = sext i" + bits + " " + narrow + " to i64");
    return wide;
  }

  private Value compare(Op op, Value a, Value b) {
    if (a.type.kind() == Kind.VARCHAR) {
      return compareStrings(op, a, b);
    }
    String v = fresh();
    boolean isDouble = a.type.kind() == Kind.DOUBLE;
    boolean isBool = a.type.kind() == Kind.BOOLEAN;
    String predicate = switch (op) {
      case EQUALS -> isDouble ? "oeq" : "eq";
      case NOT_EQUALS -> isDouble ? "une" : "ne";
      case LESS -> isDouble ? "olt" : isBool ? "ult" : "slt";
      case LESS_EQUAL -> isDouble ? "ole" : isBool ? "ule" : "sle";
      case GREATER -> isDouble ? "ogt" : isBool ? "ugt" : "sgt";
      default -> isDouble ? "oge" : isBool ? "uge" : "sge";
    };
    line(v + " = " + (isDouble ? "fcmp " : "icmp ") + predicate + " " + a.llvmType() + " " + a.name + ", " + b.name);
    return new Value(v, and(a.valid, b.valid), ValueType.BOOLEAN);
  }

  private Value compareStrings(Op op, Value a, Value b) {
    String args = "(ptr " + a.name + ", i64 " + a.length + ", ptr " + b.name + ", i64 " + b.length + ")";
    String v = fresh();
    if (op == Op.EQUALS || op == Op.NOT_EQUALS) {
      // a constant second: the helper branches on the second string's length ({@link StringIr#equal})
      boolean constantFirst = a.constant() && !b.constant();
      args = constantFirst ? "(ptr " + b.name + ", i64 " + b.length + ", ptr " + a.name + ", i64 " + a.length + ")" : args;
      String equal = fresh();
      line(equal + " = call i1 " + strings.equal() + args);
      line(v + " = xor i1 " + equal + ", " + (op == Op.EQUALS ? "false" : "true"));
    } else {
      String order = fresh();
      line(order + " = call i32 " + strings.compare() + args);
      String predicate = switch (op) {
        case LESS -> "slt";
        case LESS_EQUAL -> "sle";
        case GREATER -> "sgt";
        default -> "sge";
      };
      line(v + " = icmp " + predicate + " i32 " + order + ", 0");
    }
    return new Value(v, and(a.valid, b.valid), ValueType.BOOLEAN);
  }

  /** Three-valued AND/OR: FALSE AND NULL is FALSE, TRUE OR NULL is TRUE. */
  private Value logic(boolean isAnd, Value a, Value b) {
    String aTrue = and(a.name, a.valid);
    String bTrue = and(b.name, b.valid);
    String both = and(a.valid, b.valid);
    String v = fresh();
    String valid = fresh();
    if (isAnd) {
      String aFalse = andNot(a.valid, a.name);
      String bFalse = andNot(b.valid, b.name);
      line(v + " = and i1 " + aTrue + ", " + bTrue);
      String either = fresh();
      line(either + " = or i1 " + aFalse + ", " + bFalse);
      line(valid + " = or i1 " + both + ", " + either);
    } else {
      line(v + " = or i1 " + aTrue + ", " + bTrue);
      String either = fresh();
      line(either + " = or i1 " + aTrue + ", " + bTrue);
      line(valid + " = or i1 " + both + ", " + either);
    }
    return new Value(v, valid, ValueType.BOOLEAN);
  }

  private Value cast(Value a, ValueType from, ValueType to) {
    if (to.kind() == Kind.DOUBLE) {
      if (from.kind() == Kind.DOUBLE) {
        return a;
      }
      String d = fresh();
      line(d + " = sitofp i64 " + a.name + " to double");
      if (from.scale() == 0) {
        return new Value(d, a.valid, to);
      }
      String scaled = fresh();
      line(scaled + " = fdiv double " + d + ", " + doubleLiteral(Exprs.POWERS[from.scale()]));
      return new Value(scaled, a.valid, to);
    }
    if (to.scale() < from.scale()) { // toward zero, as Calcite's CAST (RoundingMode.DOWN)
      String v = fresh();
      line(v + " = sdiv i64 " + a.name + ", " + Exprs.POWERS[from.scale() - to.scale()]);
      return new Value(v, a.valid, to);
    }
    long factor = Exprs.POWERS[to.scale() - from.scale()];
    if (factor == 1) {
      return new Value(a.name, a.valid, to);
    }
    String v = fresh();
    String high = fresh();
    String low = fresh();
    String out = fresh();
    line(v + " = mul i64 " + a.name + ", " + factor);
    line(high + " = icmp sgt i64 " + a.name + ", " + (Long.MAX_VALUE / factor));
    line(low + " = icmp slt i64 " + a.name + ", " + (Long.MIN_VALUE / factor));
    line(out + " = or i1 " + high + ", " + low);
    lastOverflow = or(lastOverflow, and(out, a.valid));
    return new Value(v, a.valid, to);
  }

  /**
   * A value beyond the limit, or too large to rescale, makes the batch suspect: the reference then
   * recomputes it and fails with Calcite's message, which names the value.
   */
  private Value checkedCast(Value a, Value limit, ValueType from, ValueType to) {
    String overflowBefore = lastOverflow;
    lastOverflow = "false";
    Value v = cast(a, from, to);
    String rescaleOverflow = lastOverflow;
    lastOverflow = overflowBefore;
    String negated = fresh();
    String high = fresh();
    String low = fresh();
    String out = fresh();
    line(negated + " = sub i64 0, " + limit.name);
    line(high + " = icmp sge i64 " + v.name + ", " + limit.name);
    line(low + " = icmp sle i64 " + v.name + ", " + negated);
    line(out + " = or i1 " + high + ", " + low);
    lastSuspect = or(lastSuspect, or(and(out, a.valid), rescaleOverflow));
    return v;
  }

  private Value caseWhen(Call c) {
    List<Expr> in = c.operands();
    // Operands in order: constants become parameters in the order Exprs.literals lists them.
    Value[] conditions = new Value[in.size() / 2];
    Value[] values = new Value[in.size() / 2];
    for (int w = 0; w + 1 < in.size(); w += 2) {
      conditions[w / 2] = emit(in.get(w));
      values[w / 2] = emit(in.get(w + 1));
    }
    Value result = emit(in.getLast());
    String value = result.name;
    String valid = result.valid;
    String type = new Value("", "", c.type()).llvmType();
    for (int k = conditions.length - 1; k >= 0; k--) {
      String taken = and(conditions[k].name, conditions[k].valid);
      String v = fresh();
      String vv = fresh();
      line(v + " = select i1 " + taken + ", " + type + " " + values[k].name + ", " + type + " " + value);
      line(vv + " = select i1 " + taken + ", i1 " + values[k].valid + ", i1 " + valid);
      value = v;
      valid = vv;
    }
    return new Value(value, valid, c.type());
  }

  private String and(String x, String y) {
    if (x.equals("true")) {
      return y;
    }
    if (y.equals("true")) {
      return x;
    }
    String v = fresh();
    line(v + " = and i1 " + x + ", " + y);
    return v;
  }

  private String andNot(String valid, String value) {
    String not = fresh();
    line(not + " = xor i1 " + value + ", true");
    return and(valid, not);
  }

  private static String doubleLiteral(long value) {
    return String.format("0x%016X", Double.doubleToRawLongBits((double) value));
  }
}
