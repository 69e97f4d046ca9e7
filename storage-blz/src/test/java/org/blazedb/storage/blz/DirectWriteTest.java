package org.blazedb.storage.blz;

import static org.blazedb.storage.blz.BlzTestSupport.assertRows;
import static org.blazedb.storage.blz.BlzTestSupport.list;
import static org.blazedb.storage.blz.BlzTestSupport.row;
import static org.blazedb.storage.blz.BlzTestSupport.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows written straight to the column writers of a {@link TableAppender}, over several commits. */
class DirectWriteTest {
  @TempDir Path dir;

  private static final String SHAPE = "var * {id: int64, name: ?string, amount: decimal[30,5], big: uint64,"
      + " flag: bool, day: date, xs: var * int32, opt: ?{x: float64, y: int16}}";

  /** Appends row {@code i}; {@link #expected} gives what reading it back must return. */
  private static void append(TableAppender a, int i) {
    a.writer("id").appendLong(i * 1000L - 7);
    if (i % 3 == 0) {
      a.writer("name").appendNull();
    } else {
      a.writer("name").appendString("name " + i);
    }
    a.writer("amount").appendDecimal128(Decimals.toLittleEndian(amount(i).unscaledValue()));
    a.writer("big").appendLong(new BigInteger("18446744073709551000").add(BigInteger.valueOf(i)).longValue());
    a.writer("flag").appendLong(i % 2);
    a.writer("day").appendLong(LocalDate.of(2020, 1, 1).plusDays(i).toEpochDay());
    for (int k = 0; k < i % 4; k++) {
      a.writer("xs[]").appendLong(i + k);
    }
    a.writer("xs").appendLong(i % 4);
    if (i % 5 == 2) {
      a.writer("opt").appendNull();
      a.writer("opt.x").appendPlaceholder();
      a.writer("opt.y").appendPlaceholder();
    } else {
      a.writer("opt").appendPresent();
      a.writer("opt.x").appendDouble(i / 4.0);
      a.writer("opt.y").appendLong(-i);
    }
    a.endRow();
  }

  private static BigDecimal amount(int i) {
    return new BigDecimal("-98765432109876543210.12345").add(BigDecimal.valueOf(i, 5)).multiply(BigDecimal.valueOf(i % 2 == 0 ? 1 : -1));
  }

  private static Map<String, Object> expected(int i) {
    List<Object> xs = new ArrayList<>();
    for (int k = 0; k < i % 4; k++) {
      xs.add((long) (i + k));
    }
    return row("id", i * 1000L - 7, "name", i % 3 == 0 ? null : "name " + i, "amount", amount(i),
        "big", new BigInteger("18446744073709551000").add(BigInteger.valueOf(i)), "flag", i % 2 == 1,
        "day", LocalDate.of(2020, 1, 1).plusDays(i), "xs", xs,
        "opt", i % 5 == 2 ? null : row("x", i / 4.0, "y", (long) -i));
  }

  @Test
  void severalCommitsReadBackInOrder() {
    BlzDatabase db = BlzDatabase.open(dir.resolve("db"), true);
    BlzTable table = db.createTable("direct", shape(SHAPE), 7);
    assertEquals(0, table.snapshot().rows());
    List<Map<String, Object>> expected = new ArrayList<>();
    int row = 0;
    try (TableAppender a = table.appender()) {
      for (int commit : new int[] {10, 1, 25, 7}) {
        for (int k = 0; k < commit; k++, row++) {
          append(a, row);
          expected.add(expected(row));
        }
        assertEquals(commit, a.pendingRows());
        Manifest m = a.commit();
        assertEquals(row, m.rows());
        assertEquals(0, a.pendingRows());
        assertEquals(row, table.snapshot().rows(), "visible right after the commit");
      }
    }
    assertRows(db.table("direct"), expected);
    // a commit flushes partial chunks, so chunks hold at most 7 rows but need not be full
    assertTrue(table.snapshot().chunks("id").stream().allMatch(c -> c.rows() >= 1 && c.rows() <= 7));
  }

  @Test
  void misalignedColumnsAreNotCommitted() {
    BlzDatabase db = BlzDatabase.open(dir.resolve("db"), true);
    BlzTable table = db.createTable("t", shape("var * {a: int64, b: var * int32}"), 4);
    try (TableAppender a = table.appender()) {
      a.writer("a").appendLong(1);
      a.writer("b[]").appendLong(5);
      a.writer("b").appendLong(1);
      a.endRow();
      a.commit();
      a.writer("a").appendLong(2);
      a.writer("b").appendLong(2); // says 2 elements, gives 1
      a.writer("b[]").appendLong(6);
      a.endRow();
      BlzException e = assertThrows(BlzException.class, a::commit);
      assertTrue(e.getMessage().contains("b[]") && e.getMessage().contains("nothing was committed"), e.getMessage());
    }
    assertRows(table, List.of(row("a", 1L, "b", list(5L))));
  }

  @Test
  void writersRefuseValuesOfTheWrongKind() {
    BlzDatabase db = BlzDatabase.open(dir.resolve("db"), true);
    BlzTable table = db.createTable("t", shape("var * {a: int64, s: string}"), 4);
    try (TableAppender a = table.appender()) {
      assertThrows(IllegalStateException.class, () -> a.writer("a").appendString("x"));
      assertThrows(IllegalStateException.class, () -> a.writer("s").appendLong(1));
      assertThrows(IllegalStateException.class, () -> a.writer("a").appendNull(), "a is not optional");
      assertThrows(IllegalArgumentException.class, () -> a.writer("nope"));
    }
    assertEquals(0, table.snapshot().rows());
  }
}
