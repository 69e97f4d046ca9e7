package org.blazedb.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.LongUnaryOperator;
import org.blazedb.engine.datashape.DataShapeParser;
import org.blazedb.storage.blz.BlzDatabase;
import org.blazedb.storage.blz.BlzTable;
import org.blazedb.storage.blz.ChunkMeta;
import org.blazedb.storage.blz.ChunkReader;
import org.blazedb.storage.blz.ColumnChunk;
import org.blazedb.storage.blz.ColumnWriter;
import org.blazedb.storage.blz.PhysicalColumn;
import org.blazedb.storage.blz.TableAppender;
import org.blazedb.storage.blz.TableSnapshot;
import org.blazedb.storage.ingest.LoadOptions;
import org.blazedb.storage.ingest.LoadProgress;
import org.blazedb.storage.ingest.Loader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The BLZ storage benchmark: write rate, compression, full-scan SUM beside a plain long[] loop,
 * random look-ups, a chunk-size sweep and JSON ingest of a generated Kiva-like file.
 */
@Command(name = "storage", description = "Benchmark BLZ writes, scans, look-ups and JSON ingest.")
final class StorageBenchmark implements Callable<Integer> {
  private static final int[] SWEEP_CHUNK_ROWS = {1 << 14, 1 << 16, 1 << 18, 1 << 20};

  @Spec CommandSpec spec;

  @Option(names = "--dir", description = "Scratch directory, emptied first (default: ${DEFAULT-VALUE}).")
  Path dir = Path.of("bench-data");

  @Option(names = "--rows", description = "Rows of the int64 column (default: ${DEFAULT-VALUE}).")
  long rows = 100_000_000L;

  @Option(names = "--strings", description = "Rows of the string column (default: ${DEFAULT-VALUE}).")
  long strings = 10_000_000L;

  @Option(names = "--sweep-rows", description = "Rows per chunk-size trial (default: ${DEFAULT-VALUE}).")
  long sweepRows = 20_000_000L;

  @Option(names = "--json-mb", description = "Size of the generated Kiva-like JSON in MB (default: ${DEFAULT-VALUE}).")
  int jsonMb = 500;

  @Option(names = "--lookups", description = "Random row look-ups (default: ${DEFAULT-VALUE}).")
  int lookups = 1000;

  private PrintWriter out;

  @Override
  public Integer call() throws IOException {
    out = spec.commandLine().getOut();
    BlzDatabase db = BlzDatabase.open(dir, true);
    deleteContents(dir);
    // Sorted timestamps with jitter: the typical int64 column of an analytical table.
    LongUnaryOperator timestamps = i -> 1_600_000_000_000_000L + i * 1000 + (mix(i) & 1023);

    out.println("== Chunk size (int64 timestamps, " + String.format("%,d", sweepRows) + " rows) ==");
    out.printf("%12s %12s %8s %14s %14s %18s%n", "rows/chunk", "write MB/s", "ratio", "scan Mrows/s", "scan GB/s",
        lookups + " look-ups ms");
    for (int chunkRows : SWEEP_CHUNK_ROWS) {
      Result r = int64Trial(db, "sweep_" + chunkRows, chunkRows, sweepRows, timestamps);
      out.printf("%,12d %12.0f %8.2f %14.0f %14.2f %18.0f%n", chunkRows, r.writeMBps, r.ratio,
          r.scanRowsPerSec / 1e6, r.scanGBps, r.lookupMs);
      db.dropTable("sweep_" + chunkRows);
    }

    out.println();
    out.println("== int64 column, " + String.format("%,d", rows) + " rows, "
        + String.format("%,d", BlzDatabase.DEFAULT_CHUNK_ROWS) + " rows per chunk ==");
    Result big = int64Trial(db, "int64", BlzDatabase.DEFAULT_CHUNK_ROWS, rows, timestamps);
    double javaSeconds = javaArraySum(rows, timestamps);
    out.printf("%-34s %14s %10s %12s%n", "", "Mrows/s", "GB/s", "seconds");
    out.printf("%-34s %14.0f %10.2f %12.2f%n", "write (generate+compress+fsync)",
        rows / big.writeSeconds / 1e6, rows * 8 / big.writeSeconds / 1e9, big.writeSeconds);
    out.printf("%-34s %14.0f %10.2f %12.2f%n", "BLZ full-scan SUM (from disk cache)",
        big.scanRowsPerSec / 1e6, big.scanGBps, rows / big.scanRowsPerSec);
    out.printf("%-34s %14.0f %10.2f %12.2f%n", "Java loop over long[] (in heap)",
        rows / javaSeconds / 1e6, rows * 8 / javaSeconds / 1e9, javaSeconds);
    out.printf("compression ratio %.2f (%,d -> %,d bytes)%n", big.ratio, rows * 8, big.storedBytes);
    out.printf("%d random look-ups: %.0f ms (%.2f ms each), reader buffers %,d bytes off-heap%n",
        lookups, big.lookupMs, big.lookupMs / lookups, big.lookupBytes);

    out.println();
    stringTrial(db);
    out.println();
    jsonTrial(db);
    deleteContents(dir);
    return 0;
  }

  private record Result(double writeSeconds, double writeMBps, double ratio, long storedBytes,
      double scanRowsPerSec, double scanGBps, double lookupMs, long lookupBytes) {}

  private Result int64Trial(BlzDatabase db, String name, int chunkRows, long n, LongUnaryOperator value) {
    BlzTable table = db.createTable(name, DataShapeParser.parse("var * {v: int64}"), chunkRows);
    long start = System.nanoTime();
    try (TableAppender appender = table.appender()) {
      ColumnWriter v = appender.writer("v");
      for (long i = 0; i < n; i++) {
        v.appendLong(value.applyAsLong(i));
        appender.endRow();
      }
      appender.commit();
    }
    double writeSeconds = seconds(start);
    TableSnapshot snapshot = table.snapshot();
    long stored = storedBytes(snapshot, "v");

    sumColumn(snapshot, n); // warm-up: JIT and page cache
    start = System.nanoTime();
    long sum = sumColumn(snapshot, n);
    double scanSeconds = seconds(start);
    check(sum, n, value);

    double[] lookup = lookups(snapshot, n);
    return new Result(writeSeconds, n * 8 / writeSeconds / 1e6, (double) n * 8 / stored, stored,
        n / scanSeconds, n * 8 / scanSeconds / 1e9, lookup[0], (long) lookup[1]);
  }

  /** SUM over the column, chunk by chunk, straight from the decoded off-heap segments. */
  private static long sumColumn(TableSnapshot snapshot, long expectedRows) {
    PhysicalColumn column = snapshot.table().layout().column("v");
    long sum = 0;
    long seen = 0;
    try (ChunkReader reader = new ChunkReader(snapshot.table().name())) {
      List<ChunkMeta> chunks = snapshot.chunks("v");
      for (int c = 0; c < chunks.size(); c++) {
        ColumnChunk chunk = snapshot.readChunk(reader, column, c);
        MemorySegment values = chunk.values();
        int count = chunk.rows();
        for (int i = 0; i < count; i++) {
          sum += values.getAtIndex(ValueLayout.JAVA_LONG, i);
        }
        seen += count;
      }
    }
    if (seen != expectedRows) {
      throw new IllegalStateException("scanned " + seen + " rows, expected " + expectedRows);
    }
    return sum;
  }

  private static double javaArraySum(long n, LongUnaryOperator value) {
    long[] array = new long[Math.toIntExact(n)];
    for (int i = 0; i < array.length; i++) {
      array[i] = value.applyAsLong(i);
    }
    long sum = 0;
    for (long v : array) { // warm-up
      sum += v;
    }
    long start = System.nanoTime();
    long sum2 = 0;
    for (long v : array) {
      sum2 += v;
    }
    double s = seconds(start);
    if (sum != sum2) {
      throw new IllegalStateException("unstable sum");
    }
    return s;
  }

  private static void check(long sum, long n, LongUnaryOperator value) {
    long expected = 0;
    for (long i = 0; i < n; i++) {
      expected += value.applyAsLong(i);
    }
    if (sum != expected) {
      throw new IllegalStateException("BLZ scan sum " + sum + " differs from the expected " + expected);
    }
  }

  /** {milliseconds for the look-ups, off-heap bytes the reader held}. */
  private double[] lookups(TableSnapshot snapshot, long n) {
    Random random = new Random(42);
    long start = System.nanoTime();
    long bytes;
    try (var reader = snapshot.rowReader()) {
      for (int i = 0; i < lookups; i++) {
        reader.read(random.nextLong(n));
      }
      bytes = reader.allocatedBytes();
    }
    return new double[] {seconds(start) * 1000, bytes};
  }

  private void stringTrial(BlzDatabase db) {
    String[] words = {"Maria", "Juan", "Amina", "Grace", "Nguyen", "Fatima", "agriculture", "retail", "food",
        "services", "clothing", "housing", "to buy a cow", "to restock her store", "for school fees"};
    BlzTable table = db.createTable("strings", DataShapeParser.parse("var * {s: string}"), BlzDatabase.DEFAULT_CHUNK_ROWS);
    long rawBytes = 0;
    long start = System.nanoTime();
    try (TableAppender appender = table.appender()) {
      ColumnWriter s = appender.writer("s");
      StringBuilder sb = new StringBuilder();
      for (long i = 0; i < strings; i++) {
        long h = mix(i);
        sb.setLength(0);
        sb.append(words[(int) (h & 15) % words.length]).append(' ').append(words[(int) ((h >>> 8) & 15) % words.length])
            .append(" #").append(h >>> 40);
        byte[] b = sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        rawBytes += b.length;
        s.appendBytes(b);
        appender.endRow();
      }
      appender.commit();
    }
    double writeSeconds = seconds(start);
    TableSnapshot snapshot = table.snapshot();
    long stored = storedBytes(snapshot, "s");
    PhysicalColumn column = table.layout().column("s");
    long totalLength = 0;
    for (int round = 0; round < 2; round++) { // the first round warms up
      start = System.nanoTime();
      totalLength = 0;
      try (ChunkReader reader = new ChunkReader(table.name())) {
        for (int c = 0; c < snapshot.chunks("s").size(); c++) {
          ColumnChunk chunk = snapshot.readChunk(reader, column, c);
          totalLength += chunk.offsets().getAtIndex(ValueLayout.JAVA_INT, chunk.rows());
        }
      }
    }
    double scanSeconds = seconds(start);
    if (totalLength != rawBytes) {
      throw new IllegalStateException("string scan saw " + totalLength + " bytes, wrote " + rawBytes);
    }
    double[] lookup = lookups(snapshot, strings);
    out.println("== string column, " + String.format("%,d", strings) + " rows ("
        + String.format("%,d", rawBytes) + " bytes of text) ==");
    out.printf("write: %.0f Mrows/s, %.0f MB/s; compression ratio %.2f (%,d bytes with offsets -> %,d)%n",
        strings / writeSeconds / 1e6, rawBytes / writeSeconds / 1e6, (double) (rawBytes + 4 * strings) / stored,
        rawBytes + 4 * strings, stored);
    out.printf("full scan (decode all values): %.0f Mrows/s, %.2f GB/s of text%n",
        strings / scanSeconds / 1e6, rawBytes / scanSeconds / 1e9);
    out.printf("%d random look-ups: %.0f ms, reader buffers %,d bytes off-heap%n", lookups, lookup[0], (long) lookup[1]);
  }

  private void jsonTrial(BlzDatabase db) throws IOException {
    Path json = dir.resolve("kiva-like.json");
    long start = System.nanoTime();
    long records = KivaLikeJson.write(json, (long) jsonMb << 20);
    double genSeconds = seconds(start);
    long size = Files.size(json);
    String shapeText;
    try (var in = StorageBenchmark.class.getResourceAsStream("/org/blazedb/tools/demo/loans.datashape")) {
      shapeText = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    start = System.nanoTime();
    var result = Loader.load(db, "kiva", json, LoadOptions.defaults().withShape(DataShapeParser.parse(shapeText)),
        LoadProgress.NONE);
    double loadSeconds = seconds(start);
    TableSnapshot snapshot = db.table("kiva").snapshot();
    long[] bytes = TableReport.print(snapshot, new PrintWriter(java.io.OutputStream.nullOutputStream()));
    out.println("== JSON ingest: generated Kiva-like loans, loans.datashape ==");
    out.printf("file %,d bytes, %,d records (generated in %.1f s)%n", size, records, genSeconds);
    out.printf("load: %,d rows in %.1f s = %.1f MB/s, %.0f records/s; stored %,d bytes (values %,d, ratio %s)%n",
        result.rows(), loadSeconds, size / 1e6 / loadSeconds, result.rows() / loadSeconds, bytes[1], bytes[0],
        TableReport.ratio(bytes[0], bytes[1]));
    out.printf("seed's array server: 2.9 GB in about 5 minutes = %.1f MB/s%n", 2.9e9 / 300 / 1e6);
  }

  private static long storedBytes(TableSnapshot snapshot, String path) {
    return snapshot.chunks(path).stream().mapToLong(ChunkMeta::fileBytes).sum();
  }

  /** A cheap, well-mixed hash of i (SplitMix64's finalizer). */
  static long mix(long i) {
    long z = i * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static void deleteContents(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        if (!p.equals(dir)) {
          Files.delete(p);
        }
      }
    }
  }
}
