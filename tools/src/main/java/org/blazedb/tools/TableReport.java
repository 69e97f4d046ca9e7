package org.blazedb.tools;

import java.io.PrintWriter;
import org.blazedb.storage.blz.ChunkMeta;
import org.blazedb.storage.blz.PhysicalColumn;
import org.blazedb.storage.blz.TableSnapshot;

/** Prints a table's storage: per column chunks, values, nulls, raw and compressed bytes. */
final class TableReport {
  private TableReport() {}

  /** Prints the per-column table and returns {raw, stored} bytes of the whole table. */
  static long[] print(TableSnapshot snapshot, PrintWriter out) {
    out.printf("%-44s %-10s %7s %12s %10s %12s %12s %6s%n",
        "column", "encoding", "chunks", "values", "nulls", "raw bytes", "stored", "ratio");
    long totalRaw = 0;
    long totalStored = 0;
    for (PhysicalColumn column : snapshot.table().layout().columns()) {
      long values = 0;
      long nulls = 0;
      long raw = 0;
      long stored = 0;
      for (ChunkMeta c : snapshot.chunks(column.path())) {
        values += c.rows();
        nulls += c.nullCount();
        raw += c.rawBytes();
        stored += c.fileBytes();
      }
      totalRaw += raw;
      totalStored += stored;
      out.printf("%-44s %-10s %7d %,12d %,10d %,12d %,12d %6s%n", column.path(), column.encoding(),
          snapshot.chunks(column.path()).size(), values, nulls, raw, stored, ratio(raw, stored));
    }
    out.printf("%-44s %-10s %7s %12s %10s %,12d %,12d %6s%n", "total", "", "", "", "", totalRaw, totalStored,
        ratio(totalRaw, totalStored));
    return new long[] {totalRaw, totalStored};
  }

  static String ratio(long raw, long stored) {
    return stored == 0 ? "-" : String.format("%.2f", (double) raw / stored);
  }
}
