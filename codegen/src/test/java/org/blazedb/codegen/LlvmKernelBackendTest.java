package org.blazedb.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.blazedb.engine.expr.Expr;
import org.blazedb.engine.expr.Expr.ColumnRef;
import org.blazedb.engine.expr.Expr.Literal;
import org.blazedb.engine.expr.Exprs;
import org.blazedb.engine.expr.Op;
import org.blazedb.engine.kernel.FilterCascade;
import org.blazedb.engine.kernel.FilterKernel;
import org.blazedb.engine.kernel.JavaKernelBackend;
import org.blazedb.engine.kernel.KernelCache;
import org.blazedb.engine.kernel.ProjectKernel;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.engine.vector.Vector;
import org.junit.jupiter.api.Test;

/** LLVM kernels give exactly the Java reference's results, nulls, selections and overflows included. */
class LlvmKernelBackendTest {
  private static final int ROWS = 1000;
  private static final ValueType DEC2 = ValueType.decimal(2);
  private static final Expr I = new ColumnRef(0, ValueType.INTEGER);
  private static final Expr D = new ColumnRef(1, DEC2);
  private static final Expr F = new ColumnRef(2, ValueType.DOUBLE);
  private static final Expr B = new ColumnRef(3, ValueType.BOOLEAN);
  private static final Expr L = new ColumnRef(4, ValueType.BIGINT);
  private static final Expr S = new ColumnRef(5, ValueType.VARCHAR);
  private static final Expr T = new ColumnRef(6, ValueType.VARCHAR);
  private static final Expr DT = new ColumnRef(7, ValueType.DATE);
  /** Characters of 1 to 4 UTF-8 bytes; U+FFFD and U+1F600 sort apart in UTF-16 and in code points. */
  private static final String[] ALPHABET = {"a", "b", "c", "\u00e9", "\u20ac", "\ufffd", "\ud83d\ude00"};

  private final Arena arena = Arena.ofAuto();
  private final LlvmKernelBackend llvm = LlvmKernelBackend.get();
  private final JavaKernelBackend java = JavaKernelBackend.INSTANCE;

  private static Expr lit(long v, ValueType t) {
    return new Literal(v, t);
  }

  private static final List<Expr> EXPRESSIONS = List.of(
      Exprs.call(Op.ADD, ValueType.INTEGER, I, lit(7, ValueType.INTEGER)),
      Exprs.call(Op.MULTIPLY, ValueType.INTEGER, I, I), // wraps at 32 bits
      Exprs.call(Op.MULTIPLY, ValueType.decimal(4), D, Exprs.call(Op.SUBTRACT, DEC2, lit(100, DEC2), D)),
      Exprs.call(Op.ADD, DEC2, D, I), // the integer is rescaled
      Exprs.call(Op.DIVIDE, ValueType.DOUBLE, F, D),
      Exprs.call(Op.NEGATE, ValueType.DOUBLE, F),
      Exprs.call(Op.CAST, ValueType.DOUBLE, D),
      Exprs.call(Op.CHECKED_CAST, ValueType.decimal(3), D, lit(100_000, ValueType.BIGINT)), // every value fits
      Exprs.call(Op.CASE, DEC2, Exprs.call(Op.GREATER, ValueType.BOOLEAN, I, lit(0, ValueType.INTEGER)), D,
          new Literal(null, DEC2)),
      Exprs.call(Op.SUBTRACT, ValueType.BIGINT, L, I),
      // constants in conditions, values and ELSE: each must get its own parameter
      Exprs.call(Op.CASE, ValueType.INTEGER,
          Exprs.call(Op.EQUALS, ValueType.BOOLEAN, Exprs.call(Op.ADD, ValueType.INTEGER, I, lit(1, ValueType.INTEGER)), I),
          lit(111, ValueType.INTEGER),
          Exprs.call(Op.LESS, ValueType.BOOLEAN, I, lit(-5, ValueType.INTEGER)), lit(222, ValueType.INTEGER),
          lit(555, ValueType.INTEGER)),
      // dates from about 220 BC to AD 4160: leap days, century years, days before 1970 and year 0
      Exprs.call(Op.YEAR, ValueType.BIGINT, DT),
      Exprs.call(Op.MONTH, ValueType.BIGINT, DT),
      Exprs.call(Op.DAY, ValueType.BIGINT, DT));

  private static final List<Expr> PREDICATES = List.of(
      Exprs.call(Op.LESS, ValueType.BOOLEAN, D, lit(5, DEC2)),
      Exprs.call(Op.AND, ValueType.BOOLEAN, B, Exprs.call(Op.GREATER_EQUAL, ValueType.BOOLEAN, F, new Literal(0.5, ValueType.DOUBLE))),
      Exprs.call(Op.OR, ValueType.BOOLEAN, B, Exprs.call(Op.EQUALS, ValueType.BOOLEAN, I, lit(3, ValueType.INTEGER))),
      Exprs.call(Op.NOT, ValueType.BOOLEAN, Exprs.call(Op.NOT_EQUALS, ValueType.BOOLEAN, F, F)),
      Exprs.call(Op.IS_NULL, ValueType.BOOLEAN, D),
      Exprs.call(Op.AND, ValueType.BOOLEAN, Exprs.call(Op.IS_NOT_NULL, ValueType.BOOLEAN, I), B));

  @Test
  void projectionsMatchTheReference() {
    for (boolean selected : new boolean[] {false, true}) {
      Batch batch = batch(new Random(42), selected);
      for (Expr e : EXPRESSIONS) {
        assertEquals(project(java.project(e), batch), project(llvm.project(e), batch), e.shape() + " selected=" + selected);
      }
    }
  }

  @Test
  void filtersMatchTheReference() {
    for (boolean selected : new boolean[] {false, true}) {
      Batch batch = batch(new Random(7), selected);
      for (Expr p : PREDICATES) {
        assertEquals(filter(java.filter(p), batch), filter(llvm.filter(p), batch), p.shape() + " selected=" + selected);
      }
    }
  }

  @Test
  void decimalOverflowFailsInBoth() {
    Expr huge = Exprs.call(Op.MULTIPLY, ValueType.decimal(4), D, lit(Long.MAX_VALUE / 10, DEC2));
    Batch batch = batch(new Random(1), false);
    assertThrows(ArithmeticException.class, () -> project(java.project(huge), batch));
    assertThrows(ArithmeticException.class, () -> project(llvm.project(huge), batch));
  }

  /**
   * A value of more digits than a CHECKED_CAST's precision fails, in the LLVM kernel as in the
   * reference, with Calcite's message naming the value; so does one too large to rescale. Under a
   * CASE branch not taken, it does not.
   */
  @Test
  void checkedCastsFailOnTheFirstValueOutOfRange() {
    Batch batch = batch(new Random(3), false);
    Expr narrow = Exprs.call(Op.CHECKED_CAST, DEC2, D, lit(100, ValueType.BIGINT)); // to DECIMAL(2, 2)
    Expr rescaled = Exprs.call(Op.CHECKED_CAST, ValueType.decimal(18), L, lit(1_000_000_000_000_000_000L, ValueType.BIGINT));
    for (Expr e : List.of(narrow, rescaled)) {
      String expected = assertThrows(ArithmeticException.class, () -> project(java.project(e), batch)).getMessage();
      assertTrue(expected.matches("Value -?[0-9.]+ cannot be represented as a DECIMAL\\(\\d+, \\d+\\)"), expected);
      assertEquals(expected, assertThrows(ArithmeticException.class, () -> project(llvm.project(e), batch)).getMessage());
    }
    // to fewer decimals, truncated (not vectorized: x86 has no 64-bit vector division), all fit
    Expr truncated = Exprs.call(Op.CHECKED_CAST, ValueType.decimal(1), D, lit(10_000, ValueType.BIGINT));
    assertEquals(project(java.project(truncated), batch), project(llvm.project(truncated), batch));
    Expr withinOne = Exprs.call(Op.AND, ValueType.BOOLEAN, Exprs.call(Op.LESS, ValueType.BOOLEAN, D, lit(100, DEC2)),
        Exprs.call(Op.GREATER, ValueType.BOOLEAN, D, lit(-100, DEC2)));
    Expr guarded = Exprs.call(Op.CASE, DEC2, withinOne, narrow, lit(0, DEC2));
    assertEquals(project(java.project(guarded), batch), project(llvm.project(guarded), batch));
  }

  @Test
  void constantsAreParametersOfOneCachedKernel() {
    KernelCache.Stats before = llvm.stats();
    for (long c = 100; c < 110; c++) {
      Expr p = Exprs.call(Op.GREATER, ValueType.BOOLEAN, L, lit(c * 1_000_003, ValueType.BIGINT));
      Batch batch = batch(new Random(c), false);
      assertEquals(filter(java.filter(p), batch), filter(llvm.filter(p), batch));
    }
    KernelCache.Stats after = llvm.stats();
    assertEquals(1, after.compiled() - before.compiled());
    assertEquals(9, after.hits() - before.hits());
  }

  @Test
  void theDenseLoopIsVectorized() {
    // Every expression here, DECIMAL arithmetic with its overflow checks included: LLVM must turn
    // the row loop into SIMD code (x86-64 has at least SSE2).
    for (Expr e : EXPRESSIONS) {
      String ir = llvm.optimizedProjection(e);
      assertTrue(ir.contains("x i64>") || ir.contains("x double>"), e.shape() + "\n" + ir);
    }
  }

  @Test
  void stringPredicatesMatchTheReference() {
    List<Expr> predicates = new ArrayList<>();
    for (Op op : List.of(Op.EQUALS, Op.NOT_EQUALS, Op.LESS, Op.LESS_EQUAL, Op.GREATER, Op.GREATER_EQUAL)) {
      predicates.add(Exprs.call(op, ValueType.BOOLEAN, S, T));
      for (String constant : List.of("", "ab", "b", "\ufffd", "\ud83d\ude00a")) {
        predicates.add(Exprs.call(op, ValueType.BOOLEAN, S, text(constant)));
      }
    }
    predicates.add(Exprs.call(Op.EQUALS, ValueType.BOOLEAN, S, new Literal(null, ValueType.VARCHAR)));
    for (String pattern : List.of("", "%", "_", "a%", "%b", "%a_b%", "a%b%c", "%\u20ac%", "_\u00e9%",
        "%\ud83d\ude00_", "__", "%a%a%", "b_%_",
        "%%", "ab", "%\u00e9b%", "\u20ac%", "%\ud83d\ude00",
        // without _: prefix, suffix and the segments between found in order (@blaze_find)
        "%a%b%", "a%%b", "%ab%ba%", "%\u20ac\u00e9%", "a%\ud83d\ude00%b", "%b%a", "ab%a%", "%c%c%c%")) {
      predicates.add(Exprs.call(Op.LIKE, ValueType.BOOLEAN, S, text(pattern)));
    }
    predicates.add(Exprs.call(Op.OR, ValueType.BOOLEAN, Exprs.call(Op.LIKE, ValueType.BOOLEAN, T, text("c%")),
        Exprs.call(Op.AND, ValueType.BOOLEAN, Exprs.call(Op.NOT_EQUALS, ValueType.BOOLEAN, S, text("a")),
            Exprs.call(Op.GREATER, ValueType.BOOLEAN, I, lit(0, ValueType.INTEGER)))));
    for (boolean selected : new boolean[] {false, true}) {
      Batch batch = batch(new Random(11), selected);
      int matching = 0;
      for (Expr p : predicates) {
        FilterKernel compiled = llvm.filter(p);
        assertEquals("llvm", compiled.backend(), p.toString());
        String expected = filter(java.filter(p), batch);
        assertEquals(expected, filter(compiled, batch), p + " selected=" + selected);
        matching += expected.isEmpty() ? 0 : 1;
      }
      assertTrue(matching > predicates.size() * 3 / 4, "the data should meet most predicates: " + matching);
      Expr flag = Exprs.call(Op.CASE, ValueType.INTEGER, Exprs.call(Op.LIKE, ValueType.BOOLEAN, S, text("%a%")),
          lit(1, ValueType.INTEGER), lit(2, ValueType.INTEGER));
      assertEquals(project(java.project(flag), batch), project(llvm.project(flag), batch));
    }
  }

  /**
   * Strings are compared a word at a time: each constant of 0 to 17 bytes against
   * itself, itself with its first or last byte changed, a byte longer and a byte shorter, each
   * starting at offsets 0 to 7 and 4,086 to 4,095 of a page (where a word would cross into the
   * next page, the bytes are compared one at a time), and as a column against another.
   */
  @Test
  void shortStringsEqualAsTheReferenceWhereverTheyLie() {
    List<String> constants = List.of("", "R", "AB", "MAIL", "TRUCK", "REG AIR", "12345678", "123456789", "\u00e9\u20ac",
        "0123456789abcdef", "DELIVER IN PERSON");
    List<String> values = new ArrayList<>();
    for (String c : constants) {
      values.addAll(List.of(c, c + "x", "x" + c));
      if (!c.isEmpty()) {
        values.addAll(List.of((char) (c.charAt(0) + 1) + c.substring(1), c.substring(0, c.length() - 1),
            c.substring(0, c.length() - 1) + (char) (c.charAt(c.length() - 1) ^ 1)));
      }
    }
    List<byte[]> rows = new ArrayList<>();
    int at = 0;
    for (String v : values) {
      for (int target : new int[] {0, 1, 3, 7, 4086, 4088, 4089, 4090, 4092, 4094, 4095}) {
        byte[] filler = new byte[Math.floorMod(target - at, 4096)];
        Arrays.fill(filler, (byte) 'R'); // the bytes after an empty string, or a short one, look like it
        rows.add(filler);
        rows.add(v.getBytes(StandardCharsets.UTF_8));
        at += filler.length + rows.getLast().length;
      }
    }
    int n = rows.size();
    MemorySegment offsets = arena.allocate(4L * (n + 1), 64);
    MemorySegment data = arena.allocate(Math.max(1, at), 4096);
    MemorySegment others = arena.allocate(4L * (n + 1), 64);
    at = 0;
    for (int i = 0; i < n; i++) {
      offsets.setAtIndex(ValueLayout.JAVA_INT, i, at);
      others.setAtIndex(ValueLayout.JAVA_INT, i, offsets.getAtIndex(ValueLayout.JAVA_INT, Math.max(0, i - 2)));
      MemorySegment.copy(rows.get(i), 0, data, ValueLayout.JAVA_BYTE, at, rows.get(i).length);
      at += rows.get(i).length;
    }
    offsets.setAtIndex(ValueLayout.JAVA_INT, n, at);
    others.setAtIndex(ValueLayout.JAVA_INT, n, at);
    // the second column's row i is the first's row i - 2 (its first two rows are empty)
    Batch batch = Batch.all(n, new Vector[] {Vector.varchar(offsets, data, null), Vector.varchar(others, data, null)});
    Expr s = new ColumnRef(0, ValueType.VARCHAR);
    List<Expr> predicates = new ArrayList<>();
    for (String c : constants) {
      predicates.add(Exprs.call(Op.EQUALS, ValueType.BOOLEAN, s, text(c)));
      predicates.add(Exprs.call(Op.NOT_EQUALS, ValueType.BOOLEAN, text(c), s));
    }
    predicates.add(Exprs.call(Op.EQUALS, ValueType.BOOLEAN, s, new ColumnRef(1, ValueType.VARCHAR)));
    for (Expr p : predicates) {
      String expected = filter(java.filter(p), batch);
      assertTrue(!expected.isEmpty(), p.toString());
      assertEquals(expected, filter(llvm.filter(p), batch), p.toString());
    }
  }

  /**
   * LIKE's segments are found eight positions a step in strings long enough (up to 70 bytes), a
   * byte at a time in their last positions: matches at every position, candidates whose first
   * byte matches and second does not, bytes one off the first ({@code `} is {@code a} ^ 1, which
   * the zero-byte test may flag), a needle of one byte, of two-byte characters, longer than a word,
   * and the string's last bytes up to the end of its column's data.
   */
  @Test
  void likeFindsSegmentsInLongStringsAsTheReference() {
    String[] alphabet = {"a", "b", "`", "c", "\u00e9"};
    Random random = new Random(5);
    List<byte[]> rows = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      StringBuilder value = new StringBuilder();
      for (int k = random.nextInt(71); k > 0; k--) {
        value.append(alphabet[random.nextInt(random.nextInt(8) == 0 ? 2 : alphabet.length)]);
      }
      rows.add(value.toString().getBytes(StandardCharsets.UTF_8));
    }
    int n = rows.size();
    int bytes = rows.stream().mapToInt(r -> r.length).sum();
    MemorySegment offsets = arena.allocate(4L * (n + 1), 64);
    MemorySegment data = arena.allocate(bytes, 1);
    int at = 0;
    for (int i = 0; i < n; i++) {
      offsets.setAtIndex(ValueLayout.JAVA_INT, i, at);
      MemorySegment.copy(rows.get(i), 0, data, ValueLayout.JAVA_BYTE, at, rows.get(i).length);
      at += rows.get(i).length;
    }
    offsets.setAtIndex(ValueLayout.JAVA_INT, n, at);
    Batch batch = Batch.all(n, new Vector[] {Vector.varchar(offsets, data, null)});
    Expr s = new ColumnRef(0, ValueType.VARCHAR);
    for (String pattern : List.of("%ab%", "%aab%", "%ba%ab%", "%abcab%", "%a%", "%`a%", "%\u00e9%", "%\u00e9a%",
        "%a`a%", "a%ab%", "%ab%b", "%aaaaaaaaab%", "%cc%a%", "%abababab%", "%bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb%")) {
      Expr like = Exprs.call(Op.LIKE, ValueType.BOOLEAN, s, text(pattern));
      FilterKernel compiled = llvm.filter(like);
      assertEquals("llvm", compiled.backend(), pattern);
      assertEquals(filter(java.filter(like), batch), filter(compiled, batch), pattern);
    }
  }

  /**
   * Conjunctions of numbers and strings are filtered in two stages, numbers first (a conjunct that
   * can fail stays behind): the rows kept are those of one kernel, with LLVM stages or Java ones.
   */
  @Test
  void cascadesMatchTheReference() {
    Expr positive = Exprs.call(Op.GREATER, ValueType.BOOLEAN, I, lit(-20_000, ValueType.INTEGER));
    Expr like = Exprs.call(Op.LIKE, ValueType.BOOLEAN, S, text("%a%"));
    Expr checked = Exprs.call(Op.LESS, ValueType.BOOLEAN,
        Exprs.call(Op.CHECKED_CAST, ValueType.decimal(3), D, lit(100_000, ValueType.BIGINT)), lit(300, ValueType.decimal(3)));
    List<Expr> predicates = List.of(
        Exprs.call(Op.AND, ValueType.BOOLEAN, like, positive),
        Exprs.call(Op.AND, ValueType.BOOLEAN, Exprs.call(Op.AND, ValueType.BOOLEAN, positive,
            Exprs.call(Op.NOT_EQUALS, ValueType.BOOLEAN, S, T)), Exprs.call(Op.IS_NOT_NULL, ValueType.BOOLEAN, D)),
        Exprs.call(Op.AND, ValueType.BOOLEAN, checked, Exprs.call(Op.AND, ValueType.BOOLEAN, like, B)));
    for (boolean selected : new boolean[] {false, true}) {
      Batch batch = batch(new Random(5), selected);
      for (Expr p : predicates) {
        assertEquals(2, FilterCascade.stages(p).size(), p.toString());
        String expected = filter(java.filter(p), batch);
        assertTrue(!expected.isEmpty(), p.toString());
        assertEquals(expected, filter(FilterCascade.of(p, llvm::filter), batch), p + " selected=" + selected);
        assertEquals(expected, filter(FilterCascade.of(p, java::filter), batch), p + " selected=" + selected);
      }
    }
  }

  @Test
  void stringResultsAreDeclined() {
    assertNull(llvm.project(S));
  }

  private static Expr text(String value) {
    return new Literal(value, ValueType.VARCHAR);
  }

  private Batch batch(Random random, boolean selected) {
    MemorySegment ints = arena.allocate(8L * ROWS, 64);
    MemorySegment decimals = arena.allocate(8L * ROWS, 64);
    MemorySegment doubles = arena.allocate(8L * ROWS, 64);
    MemorySegment bools = arena.allocate(8L * ROWS, 64);
    MemorySegment longs = arena.allocate(8L * ROWS, 64);
    MemorySegment validity = arena.allocate(ROWS, 64);
    MemorySegment dates = arena.allocate(8L * ROWS, 64);
    for (int i = 0; i < ROWS; i++) {
      dates.setAtIndex(ValueLayout.JAVA_LONG, i, i % 4 == 0 ? random.nextInt(-800_000, 800_000)
          : LocalDate.of(random.nextInt(-1, 2500), 2 + random.nextInt(2), 1).toEpochDay() - random.nextInt(2));
      ints.setAtIndex(ValueLayout.JAVA_LONG, i, random.nextInt(-100_000, 100_000));
      decimals.setAtIndex(ValueLayout.JAVA_LONG, i, random.nextInt(-1000, 1000));
      doubles.setAtIndex(ValueLayout.JAVA_DOUBLE, i, random.nextInt(10) == 0 ? Double.NaN : random.nextDouble() - 0.2);
      bools.setAtIndex(ValueLayout.JAVA_LONG, i, random.nextInt(2));
      longs.setAtIndex(ValueLayout.JAVA_LONG, i, random.nextLong());
      validity.set(ValueLayout.JAVA_BYTE, i, (byte) (random.nextInt(5) == 0 ? 0 : 1));
    }
    Vector[] columns = {
        Vector.fixed(ValueType.INTEGER, ints, validity),
        Vector.fixed(DEC2, decimals, shuffled(validity, random)),
        Vector.fixed(ValueType.DOUBLE, doubles, null),
        Vector.fixed(ValueType.BOOLEAN, bools, shuffled(validity, random)),
        Vector.fixed(ValueType.BIGINT, longs, null),
        strings(random, shuffled(validity, random)),
        strings(random, null),
        Vector.fixed(ValueType.DATE, dates, shuffled(validity, random))};
    if (!selected) {
      return Batch.all(ROWS, columns);
    }
    MemorySegment selection = arena.allocate(4L * ROWS, 64);
    int n = 0;
    for (int i = 0; i < ROWS; i++) {
      if (random.nextInt(3) != 0) {
        selection.setAtIndex(ValueLayout.JAVA_INT, n++, i);
      }
    }
    return new Batch(ROWS, columns, selection, n);
  }

  /** Random strings of up to six characters of {@link #ALPHABET}. */
  private Vector strings(Random random, MemorySegment validity) {
    MemorySegment offsets = arena.allocate(4L * (ROWS + 1), 64);
    StringBuilder all = new StringBuilder();
    int at = 0;
    for (int i = 0; i < ROWS; i++) {
      offsets.setAtIndex(ValueLayout.JAVA_INT, i, at);
      StringBuilder value = new StringBuilder();
      for (int k = random.nextInt(7); k > 0; k--) {
        value.append(ALPHABET[random.nextInt(ALPHABET.length)]);
      }
      all.append(value);
      at += value.toString().getBytes(StandardCharsets.UTF_8).length;
    }
    offsets.setAtIndex(ValueLayout.JAVA_INT, ROWS, at);
    byte[] bytes = all.toString().getBytes(StandardCharsets.UTF_8);
    MemorySegment data = arena.allocate(Math.max(1, bytes.length), 64);
    MemorySegment.copy(bytes, 0, data, ValueLayout.JAVA_BYTE, 0, bytes.length);
    return Vector.varchar(offsets, data, validity);
  }

  private MemorySegment shuffled(MemorySegment validity, Random random) {
    MemorySegment copy = arena.allocate(ROWS, 64);
    for (int i = 0; i < ROWS; i++) {
      copy.set(ValueLayout.JAVA_BYTE, i, validity.get(ValueLayout.JAVA_BYTE, random.nextInt(ROWS)));
    }
    return copy;
  }

  /** Values (as bits) and validity of a projection, with invalid rows' values blanked. */
  private String project(ProjectKernel kernel, Batch batch) {
    MemorySegment values = arena.allocate(8L * batch.selected(), 64);
    MemorySegment validity = arena.allocate(Math.max(1, batch.selected()), 64);
    kernel.apply(batch, values, validity);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < batch.selected(); i++) {
      boolean valid = validity.get(ValueLayout.JAVA_BYTE, i) != 0;
      sb.append(valid ? Long.toHexString(values.getAtIndex(ValueLayout.JAVA_LONG, i)) : "null").append(',');
    }
    return sb.toString();
  }

  private String filter(FilterKernel kernel, Batch batch) {
    MemorySegment out = arena.allocate(4L * Math.max(1, batch.selected()), 64);
    int n = kernel.apply(batch, out);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(out.getAtIndex(ValueLayout.JAVA_INT, i)).append(',');
    }
    return sb.toString();
  }
}
