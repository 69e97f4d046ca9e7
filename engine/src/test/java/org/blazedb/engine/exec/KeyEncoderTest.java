package org.blazedb.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.engine.vector.Vector;
import org.junit.jupiter.api.Test;

/**
 * Keys of a VARCHAR column, encoded a slice of rows at a time, are each row's own key: short
 * strings packed, long ones through the dictionary, those that end the data too.
 */
class KeyEncoderTest {
  private static final String[] WORDS = {"", "A", "N", "R", "abcdefg", "abcdefgh", "Customer#000000001",
      "été", "ab\u00e9cd", "xyzxyzxyzxyz"};

  @Test
  void stringKeysAreEachRowsKey() {
    Random random = new Random(11);
    for (int rows : new int[] {1, 2, 5, 100, 3000}) {
      List<String> strings = new ArrayList<>();
      for (int r = 0; r < rows; r++) {
        strings.add(WORDS[random.nextInt(WORDS.length)]);
      }
      assertEachRowsKey(strings);
      strings.set(rows - 1, "Z"); // a short string in the data's last bytes, where no word is readable
      assertEachRowsKey(strings);
    }
    assertEachRowsKey(List.of("A", "B", "C")); // data of 3 bytes: no word readable at all
  }

  private static void assertEachRowsKey(List<String> strings) {
    try (Arena arena = Arena.ofConfined()) {
      Vector text = TestVectors.varchar(strings, arena);
      int n = strings.size();
      MemorySegment everyOther = arena.allocate(4L * n);
      int selected = 0;
      for (int r = 0; r < n; r += 2) {
        everyOther.setAtIndex(ValueLayout.JAVA_INT, selected++, r);
      }
      Batch all = Batch.all(n, new Vector[] {text});
      for (Batch batch : List.of(all, all.withSelection(everyOther, selected))) {
        KeyEncoder encoder = new KeyEncoder(new int[] {0}, List.of(ValueType.VARCHAR),
            new StringDictionary(MemoryBudget.unlimited(), "test"), true);
        long[] expected = new long[batch.selected()];
        for (int i = 0; i < expected.length; i++) {
          expected[i] = encoder.valueKey(text, batch.position(i));
        }
        int from = batch.selected() / 3; // a slice that starts inside the batch
        long[] keys = encoder.encode(batch, from, batch.selected() - from, new long[0]);
        for (int i = from; i < batch.selected(); i++) {
          String where = "row " + batch.position(i) + " '" + strings.get(batch.position(i)) + "' of " + n;
          assertEquals(expected[i], keys[(i - from) * 2], where);
          assertEquals(0, keys[(i - from) * 2 + 1], where + ": null flags");
        }
      }
    }
  }
}
