package org.blazedb.calcite;

import com.google.common.collect.ImmutableMultimap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.calcite.linq4j.function.Parameter;
import java.util.List;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.TableMacro;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.TableMacroImpl;
import org.blazedb.engine.datashape.DataShape;
import org.blazedb.engine.datashape.DataShapeParser;
import org.blazedb.storage.blz.BlzDatabase;
import org.blazedb.storage.ingest.CsvOptions;
import org.blazedb.storage.ingest.Format;
import org.blazedb.storage.ingest.LoadOptions;
import org.blazedb.storage.ingest.LoadProgress;
import org.blazedb.storage.ingest.Loader;

/**
 * {@code read_json(file [, path => 'loans'] [, format => 'jsonl'] [, datashape => '...'])} and
 * {@code read_csv(file [, delimiter => ';'] [, header => false] [, null_string => 'NA'] [, datashape
 * => '...'])}: a file as a table, with the given or its inferred DataShape; and
 * {@code datashape('var * {...}')}: an empty table of that DataShape. They are scratch BLZ tables
 * (deleted when the JVM exits), scanned like any table; CREATE TABLE ... AS SELECT * from one keeps
 * its exact DataShape, which is how SQL creates a table from a DataShape.
 * Arguments go all by position ({@code read_json('f.json', 'loans')}) or all by name
 * ({@code read_json(file => 'f.json', path => 'loans')}): Calcite 1.41 fails on a mix.
 */
public final class FileTableFunctions {
  private static final AtomicLong SCRATCH_TABLES = new AtomicLong();
  private static final java.util.Map<String, BlazeTable> LOADED = new java.util.concurrent.ConcurrentHashMap<>();
  private static BlzDatabase scratch;
  /** Files each thread opened as tables, counted: a plan that read one is not kept (see PlanCache). */
  private static final ThreadLocal<long[]> FILES_OPENED = ThreadLocal.withInitial(() -> new long[1]);

  private FileTableFunctions() {}

  static void register(ImmutableMultimap.Builder<String, Function> functions, Permissions permissions) {
    java.util.Map<String, String> methods = java.util.Map.of(
        "read_json", "readJson", "read_csv", "readCsv", "datashape", "emptyTable");
    for (String name : methods.keySet()) {
      String method = methods.get(name);
      for (java.lang.reflect.Method m : FileTableFunctions.class.getMethods()) {
        if (m.getName().equals(method)) {
          TableMacro macro = TableMacroImpl.create(m);
          functions.put(name, new UserErrors(name.equals("datashape") ? macro : new FileReading(name, macro, permissions)));
        }
      }
    }
  }

  public static TranslatableTable readJson(
      @Parameter(name = "file") String file,
      @Parameter(name = "path", optional = true) String path,
      @Parameter(name = "format", optional = true) String format,
      @Parameter(name = "datashape", optional = true) String datashape) {
    Format f = format == null ? null : Format.valueOf(format.toUpperCase(java.util.Locale.ROOT));
    return load(file, LoadOptions.defaults().withFormat(f == null ? Format.guess(Path.of(file)) : f).withPath(path)
        .withShape(shapeOf(datashape)));
  }

  /** An empty table of the given DataShape. */
  public static TranslatableTable emptyTable(@Parameter(name = "datashape") String datashape) {
    DataShape shape = shapeOf(datashape);
    return LOADED.computeIfAbsent("datashape|" + shape, k -> {
      BlzDatabase db = scratch();
      return new BlazeTable(db.createTable("shape_" + SCRATCH_TABLES.incrementAndGet(), shape,
          BlzDatabase.DEFAULT_CHUNK_ROWS));
    });
  }

  /** A table function that reads files, refused where the connection may not read them. */
  private record FileReading(String name, TableMacro macro, Permissions permissions) implements TableMacro {
    @Override
    public TranslatableTable apply(List<? extends Object> arguments) {
      permissions.checkReadFiles(name);
      return macro.apply(arguments);
    }

    @Override
    public List<FunctionParameter> getParameters() {
      return macro.getParameters();
    }
  }

  /** Reports a function's own error (bad DataShape, missing file) instead of a reflection wrapper. */
  private record UserErrors(TableMacro macro) implements TableMacro {
    @Override
    public TranslatableTable apply(List<? extends Object> arguments) {
      try {
        return macro.apply(arguments);
      } catch (RuntimeException e) {
        Throwable cause = e;
        while ((cause instanceof java.lang.reflect.InvocationTargetException || cause.getClass() == RuntimeException.class)
            && cause.getCause() != null) {
          cause = cause.getCause();
        }
        throw cause instanceof RuntimeException r ? r : e;
      }
    }

    @Override
    public List<FunctionParameter> getParameters() {
      return macro.getParameters();
    }
  }

  private static DataShape shapeOf(String text) {
    return text == null ? null : DataShapeParser.parse(text);
  }

  public static TranslatableTable readCsv(
      @Parameter(name = "file") String file,
      @Parameter(name = "delimiter", optional = true) String delimiter,
      @Parameter(name = "header", optional = true) Boolean header,
      @Parameter(name = "null_string", optional = true) String nullString,
      @Parameter(name = "datashape", optional = true) String datashape) {
    if (delimiter != null && delimiter.length() != 1) {
      throw new IllegalArgumentException("read_csv: delimiter must be one character, was '" + delimiter + "'");
    }
    CsvOptions csv = new CsvOptions(delimiter == null ? ',' : delimiter.charAt(0), '"',
        header == null || header, nullString == null ? "" : nullString);
    return load(file, LoadOptions.defaults().withFormat(Format.CSV).withCsv(csv).withShape(shapeOf(datashape)));
  }

  /** How many files this thread has opened as tables so far. */
  static long filesOpened() {
    return FILES_OPENED.get()[0];
  }

  /** Loads the file once per version of it (size and modification time) and options. */
  private static TranslatableTable load(String file, LoadOptions options) {
    FILES_OPENED.get()[0]++;
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
