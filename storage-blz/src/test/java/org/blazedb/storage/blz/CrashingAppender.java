package org.blazedb.storage.blz;

import java.nio.file.Path;

/**
 * The child process of {@link CrashRecoveryTest}: appends batches of rows to an existing table
 * {@code var * {n: int64, s: string}}, printing {@code committed <total rows>} after each commit.
 * With a {@code hangAtBatch} of k it stops inside batch k, after more than a chunk of its rows
 * was written (not committed), prints {@code writing} and waits to be killed.
 *
 * <p>Arguments: database directory, table, rows per batch, batches, hangAtBatch (-1: never).
 */
public final class CrashingAppender {
  private CrashingAppender() {}

  /** The n column of row {@code row}. */
  static long number(long row) {
    return row * 2_654_435_761L ^ 0x5DEECE66DL;
  }

  /** The s column of row {@code row}. */
  static String text(long row) {
    return "row-" + row + "-" + Long.toString(row * 31 + 17, 36);
  }

  public static void main(String[] args) throws InterruptedException {
    Path dbDir = Path.of(args[0]);
    String name = args[1];
    int batchRows = Integer.parseInt(args[2]);
    int batches = Integer.parseInt(args[3]);
    int hangAtBatch = Integer.parseInt(args[4]);
    BlzTable table = BlzDatabase.open(dbDir, false).table(name);
    try (TableAppender appender = table.appender()) {
      ColumnWriter n = appender.writer("n");
      ColumnWriter s = appender.writer("s");
      long total = table.snapshot().rows();
      for (int batch = 0; batch < batches; batch++) {
        for (int i = 0; i < batchRows; i++) {
          long row = total + i;
          n.appendLong(number(row));
          s.appendString(text(row));
          appender.endRow();
          if (batch == hangAtBatch && i == table.chunkRows()) {
            // a full chunk of each column is on disk now, uncommitted
            System.out.println("writing");
            System.out.flush();
            Thread.sleep(120_000);
            System.exit(3); // never reached in the test: the parent kills us
          }
        }
        appender.commit();
        total += batchRows;
        System.out.println("committed " + total);
        System.out.flush();
      }
    }
    System.out.println("done");
  }
}
