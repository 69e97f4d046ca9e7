package org.blazedb.calcite;

import com.google.common.collect.ImmutableMultimap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.calcite.linq4j.function.Parameter;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.TableMacroImpl;
import org.blazedb.storage.blz.BlzDatabase;
import org.blazedb.storage.ingest.CsvOptions;
import org.blazedb.storage.ingest.Format;
import org.blazedb.storage.ingest.LoadOptions;
import org.blazedb.storage.ingest.LoadProgress;
import org.blazedb.storage.ingest.Loader;

/**
 * {@code read_json(file [, path => 'loans'] [, format => 'jsonl'])} and
 * {@code read_csv(file [, delimiter => ';'] [, header => false] [, null_string => 'NA'])}: a file
 * as a table, with its inferred DataShape. The file is loaded into a scratch BLZ table (deleted when
 * the JVM exits), so it is scanned like any table and can feed CREATE TABLE ... AS SELECT.
 * Arguments go all by position ({@code read_json('f.json', 'loans')}) or all by name
 * ({@code read_json(file => 'f.json', path => 'loans')}): Calcite 1.41 fails on a mix.
 */
public final class FileTableFunctions {
  private static final AtomicLong SCRATCH_TABLES = new AtomicLong();
  private static final java.util.Map<String, BlazeTable> LOADED = new java.util.concurrent.ConcurrentHashMap<>();
  private static BlzDatabase scratch;

  private FileTableFunctions() {}

  static void register(ImmutableMultimap.Builder<String, Function> functions) {
    for (String name : new String[] {"read_json", "read_csv"}) {
      String method = name.equals("read_json") ? "readJson" : "readCsv";
      for (java.lang.reflect.Method m : FileTableFunctions.class.getMethods()) {
        if (m.getName().equals(method)) {
          functions.put(name, TableMacroImpl.create(m));
        }
      }
    }
  }

  public static TranslatableTable readJson(
      @Parameter(name = "file") String file,
      @Parameter(name = "path", optional = true) String path,
      @Parameter(name = "format", optional = true) String format) {
    Format f = format == null ? null : Format.valueOf(format.toUpperCase(java.util.Locale.ROOT));
    return load(file, LoadOptions.defaults().withFormat(f == null ? Format.guess(Path.of(file)) : f).withPath(path));
  }

  public static TranslatableTable readCsv(
      @Parameter(name = "file") String file,
      @Parameter(name = "delimiter", optional = true) String delimiter,
      @Parameter(name = "header", optional = true) Boolean header,
      @Parameter(name = "null_string", optional = true) String nullString) {
    if (delimiter != null && delimiter.length() != 1) {
      throw new IllegalArgumentException("read_csv: delimiter must be one character, was '" + delimiter + "'");
    }
    CsvOptions csv = new CsvOptions(delimiter == null ? ',' : delimiter.charAt(0), '"',
        header == null || header, nullString == null ? "" : nullString);
    return load(file, LoadOptions.defaults().withFormat(Format.CSV).withCsv(csv));
  }

  /** Loads the file once per version of it (size and modification time) and options. */
  private static TranslatableTable load(String file, LoadOptions options) {
    Path path = Path.of(file).toAbsolutePath().normalize();
    String key;
    try {
      key = path + "|" + Files.size(path) + "|" + Files.getLastModifiedTime(path).toMillis() + "|" + options;
    } catch (IOException e) {
      throw new org.blazedb.storage.ingest.IngestException("no such file: " + file);
    }
    return LOADED.computeIfAbsent(key, k -> {
      BlzDatabase db = scratch();
      String table = "file_" + SCRATCH_TABLES.incrementAndGet();
      Loader.load(db, table, path, options, LoadProgress.NONE);
      return new BlazeTable(db.table(table));
    });
  }

  private static synchronized BlzDatabase scratch() {
    if (scratch == null) {
      try {
        Path dir = Files.createTempDirectory("blaze-files-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
        scratch = BlzDatabase.open(dir, true);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot create a scratch directory for file tables", e);
      }
    }
    return scratch;
  }

  private static void deleteQuietly(Path dir) {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory; the OS cleans it eventually
    }
  }
}
