package org.blazedb.storage.blz;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The verified bytes of a snapshot's small chunk files. Tables filled by many small INSERTs have
 * many tiny chunks, and opening a file costs more than its data; a query that scans such a table
 * again and again (the inner side of a join) reads each file once. Kept per snapshot, so every new
 * query reads and verifies the files again.
 */
final class SmallChunkCache {
  /** Files up to this size are cached. */
  static final int MAX_FILE_BYTES = 16 * 1024;
  private static final long CAPACITY_BYTES = 16L << 20;

  private final Map<String, byte[]> entries = new LinkedHashMap<>(64, 0.75f, true);
  private long bytes;

  synchronized byte[] get(String file) {
    return entries.get(file);
  }

  synchronized void put(String file, byte[] content) {
    if (content.length > MAX_FILE_BYTES || entries.containsKey(file)) {
      return;
    }
    entries.put(file, content);
    bytes += content.length;
    var eldest = entries.entrySet().iterator();
    while (bytes > CAPACITY_BYTES && eldest.hasNext()) {
      bytes -= eldest.next().getValue().length;
      eldest.remove();
    }
  }
}
