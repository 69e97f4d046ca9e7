package org.blazedb.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The join's key bitmap holds exactly the indexes added, and nothing outside its range. */
class KeyBitmapTest {
  @Test
  void holdsExactlyTheIndexesAdded() {
    Random random = new Random(7);
    for (long span : new long[] {0, 1, 63, 64, 65, 1_000, 200_000}) {
      KeyBitmap bitmap = new KeyBitmap(span);
      BitSet added = new BitSet();
      for (int i = 0; i < span / 3 + 1; i++) {
        int index = (int) random.nextLong(span + 1);
        bitmap.add(index);
        added.set(index);
      }
      bitmap.add(span); // the last index is in the range
      added.set((int) span);
      for (long index = 0; index <= span; index++) {
        assertEquals(added.get((int) index), bitmap.bit(index) == 1, "index " + index + " of 0 to " + span);
      }
      assertEquals(added.cardinality(), bitmap.cardinality(), "indexes added to 0 to " + span);
      for (long outside : new long[] {span + 1, span + 64, -1, -64, Long.MIN_VALUE, Long.MAX_VALUE}) {
        assertEquals(false, bitmap.bit(outside) == 1, "index " + outside + " outside 0 to " + span);
      }
    }
  }
}
