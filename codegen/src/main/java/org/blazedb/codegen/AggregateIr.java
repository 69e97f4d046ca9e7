package org.blazedb.codegen;

import org.blazedb.engine.kernel.AggregateUpdate;

/**
 * Writes the LLVM IR of an aggregate kernel: one function
 * {@code void name(ptr values, ptr valid, ptr groups, i64 n, ptr count, ptr low, ptr high, ptr doubles)}
 * folding rows {@code 0 .. n} into the state arrays of {@link org.blazedb.engine.kernel.AggregateState}.
 *
 * <p>One function per update, per nullable or not (the validity load and its selects are left out
 * when no row is NULL), per grouped or global. A grouped kernel loads, updates and stores the
 * states of {@code groups[i]} row by row, NULLs folded in by selects rather than branches. A
 * global kernel (no GROUP BY) keeps its count and sum, minimum or maximum in registers and adds
 * them to group 0 once, so its loop vectorizes; its DOUBLE sum is reassociated for that, and may
 * differ from a sum in row order in the last bits.
 */
final class AggregateIr {
  private final AggregateUpdate update;
  private final boolean nullable;
  private final StringBuilder ir = new StringBuilder();

  private AggregateIr(AggregateUpdate update, boolean nullable) {
    this.update = update;
    this.nullable = nullable;
  }

  static String grouped(AggregateUpdate update, boolean nullable, String name) {
    return new AggregateIr(update, nullable).grouped(name);
  }

  static String global(AggregateUpdate update, boolean nullable, String name) {
    return new AggregateIr(update, nullable).global(name);
  }

  private String valueType() {
    return update.isDouble() ? "double" : "i64";
  }

  private void header(String name) {
    ir.append("define void @").append(name).append("(ptr noalias %values, ptr noalias %valid, ptr noalias %groups, ")
        .append("i64 %n, ptr noalias %count, ptr noalias %low, ptr noalias %high, ptr noalias %doubles) {\n")
        .append("entry:\n")
        .append("  %empty = icmp sle i64 %n, 0\n")
        .append("  br i1 %empty, label %done, label %loop\n")
        .append("loop:\n")
        .append("  %i = phi i64 [0, %entry], [%next, %loop]\n");
  }

  /** %ok (the row has a value) and, unless COUNT_ROWS, %v (its value). */
  private void row() {
    if (nullable && update != AggregateUpdate.COUNT_ROWS) {
      ir.append("  %vp = getelementptr i8, ptr %valid, i64 %i\n")
          .append("  %vb = load i8, ptr %vp\n")
          .append("  %ok = icmp ne i8 %vb, 0\n");
    } else {
      ir.append("  %ok = add i1 true, false\n");
    }
    ir.append("  %okl = zext i1 %ok to i64\n");
    if (update != AggregateUpdate.COUNT_ROWS && update != AggregateUpdate.COUNT) {
      ir.append("  %xp = getelementptr ").append(valueType()).append(", ptr %values, i64 %i\n")
          .append("  %v = load ").append(valueType()).append(", ptr %xp\n");
    }
  }

  private void endLoop() {
    ir.append("  %next = add nuw nsw i64 %i, 1\n")
        .append("  %more = icmp slt i64 %next, %n\n")
        .append("  br i1 %more, label %loop, label %exit\n");
  }

  private String grouped(String name) {
    header(name);
    row();
    ir.append("  %gp = getelementptr i32, ptr %groups, i64 %i\n")
        .append("  %g32 = load i32, ptr %gp\n")
        .append("  %g = sext i32 %g32 to i64\n")
        .append("  %cp = getelementptr i64, ptr %count, i64 %g\n")
        .append("  %c = load i64, ptr %cp\n")
        .append("  %cn = add i64 %c, %okl\n")
        .append("  store i64 %cn, ptr %cp\n");
    switch (update) {
      case COUNT_ROWS, COUNT -> { }
      case SUM_LONG -> ir.append("  %lp = getelementptr i64, ptr %low, i64 %g\n")
          .append("  %l = load i64, ptr %lp\n")
          .append("  %x = select i1 %ok, i64 %v, i64 0\n")
          .append("  %ln = add i64 %l, %x\n")
          .append("  store i64 %ln, ptr %lp\n");
      case SUM_DECIMAL -> ir.append("  %x = select i1 %ok, i64 %v, i64 0\n")
          .append("  %x128 = sext i64 %x to i128\n")
          .append(add128("%g", "%x128", "s"));
      case SUM_DOUBLE -> ir.append("  %dp = getelementptr double, ptr %doubles, i64 %g\n")
          .append("  %d = load double, ptr %dp\n")
          .append("  %x = select i1 %ok, double %v, double -0.0\n") // x + -0.0 is x, -0.0 included
          .append("  %dn = fadd double %d, %x\n")
          .append("  store double %dn, ptr %dp\n");
      case MIN_LONG, MAX_LONG, MIN_DOUBLE, MAX_DOUBLE -> {
        String array = update.isDouble() ? "%doubles" : "%low";
        ir.append("  %mp = getelementptr ").append(valueType()).append(", ptr ").append(array).append(", i64 %g\n")
            .append("  %m = load ").append(valueType()).append(", ptr %mp\n")
            .append(better("%v", "%m", "b"))
            .append("  %first = icmp eq i64 %c, 0\n")
            .append("  %either = or i1 %first, %b\n")
            .append("  %take = and i1 %ok, %either\n")
            .append("  %mn = select i1 %take, ").append(valueType()).append(" %v, ").append(valueType()).append(" %m\n")
            .append("  store ").append(valueType()).append(" %mn, ptr %mp\n");
      }
    }
    endLoop();
    ir.append("exit:\n  br label %done\n");
    ir.append("done:\n  ret void\n}\n");
    return ir.toString();
  }

  private String global(String name) {
    header(name);
    String type = valueType();
    ir.append("  %c = phi i64 [0, %entry], [%cn, %loop]\n");
    String identity = switch (update) {
      case SUM_DOUBLE -> "-0.0";
      case MIN_LONG -> Long.toString(Long.MAX_VALUE);
      case MAX_LONG -> Long.toString(Long.MIN_VALUE);
      case MIN_DOUBLE, MAX_DOUBLE -> "0.0"; // not an identity: the first value replaces it
      default -> "0";
    };
    boolean sum128 = update == AggregateUpdate.SUM_DECIMAL;
    boolean hasAcc = update != AggregateUpdate.COUNT_ROWS && update != AggregateUpdate.COUNT;
    if (hasAcc) {
      ir.append("  %a = phi ").append(sum128 ? "i128" : type).append(" [").append(identity).append(", %entry], [%an, %loop]\n");
    }
    row();
    ir.append("  %cn = add i64 %c, %okl\n");
    switch (update) {
      case COUNT_ROWS, COUNT -> { }
      case SUM_LONG -> ir.append("  %x = select i1 %ok, i64 %v, i64 0\n")
          .append("  %an = add i64 %a, %x\n");
      case SUM_DECIMAL -> ir.append("  %x = select i1 %ok, i64 %v, i64 0\n")
          .append("  %x128 = sext i64 %x to i128\n")
          .append("  %an = add i128 %a, %x128\n");
      case SUM_DOUBLE -> ir.append("  %x = select i1 %ok, double %v, double -0.0\n")
          .append("  %an = fadd reassoc nsz double %a, %x\n");
      case MIN_LONG, MAX_LONG -> { // the reduction intrinsic is what the loop vectorizer recognizes
        String op = update == AggregateUpdate.MIN_LONG ? "smin" : "smax";
        ir.insert(0, "declare i64 @llvm." + op + ".i64(i64, i64)\n\n");
        ir.append("  %x = select i1 %ok, i64 %v, i64 ").append(identity).append('\n')
            .append("  %an = call i64 @llvm.").append(op).append(".i64(i64 %a, i64 %x)\n");
      }
      case MIN_DOUBLE, MAX_DOUBLE -> ir.append(better("%v", "%a", "b")) // a NaN first must stay: no identity value
          .append("  %first = icmp eq i64 %c, 0\n")
          .append("  %either = or i1 %first, %b\n")
          .append("  %take = and i1 %ok, %either\n")
          .append("  %an = select i1 %take, double %v, double %a\n");
    }
    endLoop();
    ir.append("exit:\n")
        .append("  %c0 = load i64, ptr %count\n")
        .append("  %c1 = add i64 %c0, %cn\n")
        .append("  store i64 %c1, ptr %count\n");
    switch (update) {
      case COUNT_ROWS, COUNT -> { }
      case SUM_LONG -> ir.append("  %l0 = load i64, ptr %low\n")
          .append("  %l1 = add i64 %l0, %an\n")
          .append("  store i64 %l1, ptr %low\n");
      case SUM_DECIMAL -> ir.append(add128("0", "%an", "t"));
      case SUM_DOUBLE -> ir.append("  %d0 = load double, ptr %doubles\n")
          .append("  %d1 = fadd double %d0, %an\n")
          .append("  store double %d1, ptr %doubles\n");
      case MIN_LONG, MAX_LONG, MIN_DOUBLE, MAX_DOUBLE -> {
        // group 0 takes this batch's extreme if it had none yet, or if the batch's is better
        String array = update.isDouble() ? "%doubles" : "%low";
        ir.append("  %m0 = load ").append(type).append(", ptr ").append(array).append('\n')
            .append(better("%an", "%m0", "b0"))
            .append("  %none = icmp eq i64 %c0, 0\n")
            .append("  %some = icmp ne i64 %cn, 0\n")
            .append("  %either0 = or i1 %none, %b0\n")
            .append("  %take0 = and i1 %some, %either0\n")
            .append("  %m1 = select i1 %take0, ").append(type).append(" %an, ").append(type).append(" %m0\n")
            .append("  store ").append(type).append(" %m1, ptr ").append(array).append('\n');
      }
    }
    ir.append("  br label %done\n");
    ir.append("done:\n  ret void\n}\n");
    return ir.toString();
  }

  /** {@code %name}: whether {@code x} beats {@code current} (less for MIN, greater for MAX; false against NaN). */
  private String better(String x, String current, String name) {
    boolean min = update == AggregateUpdate.MIN_LONG || update == AggregateUpdate.MIN_DOUBLE;
    String compare = update.isDouble() ? "fcmp " + (min ? "olt" : "ogt") + " double "
        : "icmp " + (min ? "slt" : "sgt") + " i64 ";
    return "  %" + name + " = " + compare + x + ", " + current + "\n";
  }

  /** Adds the i128 {@code x} to the (high, low) state of group {@code g}; SSA names end in {@code tag}. */
  private static String add128(String g, String x, String tag) {
    return ("  %lp.# = getelementptr i64, ptr %low, i64 G\n"
        + "  %hp.# = getelementptr i64, ptr %high, i64 G\n"
        + "  %l.# = load i64, ptr %lp.#\n"
        + "  %h.# = load i64, ptr %hp.#\n"
        + "  %lw.# = zext i64 %l.# to i128\n"
        + "  %hw.# = zext i64 %h.# to i128\n"
        + "  %hs.# = shl i128 %hw.#, 64\n"
        + "  %old.# = or i128 %hs.#, %lw.#\n"
        + "  %new.# = add i128 %old.#, X\n"
        + "  %nl.# = trunc i128 %new.# to i64\n"
        + "  %nhw.# = lshr i128 %new.#, 64\n"
        + "  %nh.# = trunc i128 %nhw.# to i64\n"
        + "  store i64 %nl.#, ptr %lp.#\n"
        + "  store i64 %nh.#, ptr %hp.#\n").replace("#", tag).replace("G", g).replace("X", x);
  }
}
