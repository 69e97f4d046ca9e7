package org.blazedb.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.engine.vector.Vector;
import org.junit.jupiter.api.Test;

/**
 * The gather (and the rows {@link Columns} keep) are the rows the positions name, whatever their
 * pattern: runs of consecutive rows (whose strings are copied together), single rows, rows in any
 * order, and -1 for NULL.
 */
class ColumnBufferTest {
  private static final int ROWS = 2_000;

  @Test
  void gathersTheRowsOfEveryPatternOfPositions() {
    Random random = new Random(3);
    try (Arena arena = Arena.ofConfined(); Buffers buffers = new Buffers(MemoryBudget.unlimited())) {
      List<String> strings = new ArrayList<>();
      MemorySegment values = arena.allocate(8L * ROWS);
      MemorySegment validity = arena.allocate(ROWS);
      for (int r = 0; r < ROWS; r++) {
        values.setAtIndex(ValueLayout.JAVA_LONG, r, random.nextLong());
        validity.set(ValueLayout.JAVA_BYTE, r, (byte) (random.nextInt(7) == 0 ? 0 : 1));
        strings.add("é".repeat(random.nextInt(3)) + "x".repeat(random.nextInt(random.nextBoolean() ? 4 : 40)));
      }
      Vector longs = Vector.fixed(ValueType.BIGINT, values, null);
      Vector nullable = Vector.fixed(ValueType.BIGINT, values, validity);
      Vector text = TestVectors.varchar(strings, arena);
      ColumnBuffer buffer = new ColumnBuffer();
      for (int[] positions : patterns(random)) {
        boolean outer = IntStream.of(positions).anyMatch(p -> p < 0);
        MemorySegment at = arena.allocate(4L * Math.max(1, positions.length));
        MemorySegment.copy(positions, 0, at, ValueLayout.JAVA_INT, 0, positions.length);
        for (Vector v : List.of(longs, nullable, text)) {
          Vector out = buffer.gather(v, at, positions.length, outer, buffers);
          for (int i = 0; i < positions.length; i++) {
            int row = positions[i];
            String where = "row " + i + " of " + positions.length + " (position " + row + ")";
            assertEquals(row >= 0 && v.isValid(row), out.isValid(i), where);
            if (out.isValid(i)) {
              assertEquals(v.type().kind() == ValueType.Kind.VARCHAR ? strings.get(row) : v.getLong(row),
                  v.type().kind() == ValueType.Kind.VARCHAR ? out.getString(i) : out.getLong(i), where);
            }
          }
        }
      }
    }
  }

  /** Rows kept by {@link Columns} (a build side) are the selected rows, appended batch after batch. */
  @Test
  void columnsAppendTheSelectedRowsOfEveryPattern() {
    Random random = new Random(5);
    try (Arena arena = Arena.ofConfined()) {
      List<String> strings = new ArrayList<>();
      for (int r = 0; r < ROWS; r++) {
        strings.add("é".repeat(random.nextInt(3)) + "x".repeat(random.nextInt(random.nextBoolean() ? 4 : 300)));
      }
      Vector text = TestVectors.varchar(strings, arena);
      Columns kept = new Columns(List.of(ValueType.VARCHAR), MemoryBudget.unlimited(), "test");
      List<String> expected = new ArrayList<>();
      kept.append(org.blazedb.engine.vector.Batch.all(ROWS, new Vector[] {text})); // no selection
      expected.addAll(strings);
      for (int[] positions : patterns(random)) {
        if (IntStream.of(positions).anyMatch(p -> p < 0)) {
          continue;
        }
        MemorySegment selection = arena.allocate(4L * Math.max(1, positions.length));
        MemorySegment.copy(positions, 0, selection, ValueLayout.JAVA_INT, 0, positions.length);
        kept.append(org.blazedb.engine.vector.Batch.all(ROWS, new Vector[] {text}).withSelection(selection, positions.length));
        IntStream.of(positions).forEach(p -> expected.add(strings.get(p)));
      }
      Vector all = kept.column(0);
      assertEquals(expected.size(), kept.rows());
      for (int i = 0; i < expected.size(); i++) {
        assertEquals(expected.get(i), all.getString(i), "row " + i);
      }
    }
  }

  /** Every row; most rows (runs with gaps); every third row; rows in random order; an outer join's with -1s. */
  private static List<int[]> patterns(Random random) {
    int[] all = IntStream.range(0, ROWS).toArray();
    int[] most = IntStream.range(0, ROWS).filter(r -> random.nextInt(50) != 0).toArray();
    int[] shortRuns = IntStream.range(0, ROWS).filter(r -> r % 10 < 5).toArray();
    int[] sparse = IntStream.range(0, ROWS).filter(r -> r % 3 == 0).toArray();
    int[] shuffled = random.ints(ROWS, 0, ROWS).toArray();
    int[] outer = IntStream.range(0, ROWS).map(r -> random.nextInt(4) == 0 ? -1 : r).toArray();
    return List.of(all, most, shortRuns, sparse, shuffled, outer, new int[0], new int[] {ROWS - 1});
  }
}
