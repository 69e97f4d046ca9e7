package org.blazedb.engine.exec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.blazedb.engine.vector.Vector;

/** Vectors for tests. */
final class TestVectors {
  private TestVectors() {}

  /** A VARCHAR vector without NULLs of {@code strings}, its data exactly their UTF-8 bytes. */
  static Vector varchar(List<String> strings, Arena arena) {
    MemorySegment offsets = arena.allocate(4L * (strings.size() + 1));
    byte[] bytes = String.join("", strings).getBytes(StandardCharsets.UTF_8);
    MemorySegment data = arena.allocate(Math.max(1, bytes.length));
    MemorySegment.copy(bytes, 0, data, ValueLayout.JAVA_BYTE, 0, bytes.length);
    int at = 0;
    for (int r = 0; r < strings.size(); r++) {
      offsets.setAtIndex(ValueLayout.JAVA_INT, r, at);
      at += strings.get(r).getBytes(StandardCharsets.UTF_8).length;
    }
    offsets.setAtIndex(ValueLayout.JAVA_INT, strings.size(), at);
    return Vector.varchar(offsets, data, null);
  }
}
