package org.blazedb.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.blazedb.engine.datashape.DataShapePrinter;
import org.blazedb.storage.blz.BlzDatabase;
import org.blazedb.storage.ingest.LoadOptions;
import org.blazedb.storage.ingest.LoadResult;
import org.blazedb.storage.ingest.Loader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "load", description = "Load a JSON, JSON Lines or CSV file into a table (created if needed).")
final class LoadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DB", description = "Database directory (created if missing).")
  Path db;

  @Parameters(index = "1", paramLabel = "TABLE", description = "Table name.")
  String table;

  @Parameters(index = "2", paramLabel = "FILE", description = "Input file.")
  Path file;

  @Mixin InputOptions input;

  @Option(names = "--datashape", paramLabel = "FILE-or-STRING",
      description = "The table's DataShape (default: the existing table's, else inferred and printed).")
  String datashape;

  @Option(names = "--chunk-rows", description = "Rows per chunk of a new table (default: ${DEFAULT-VALUE}).")
  int chunkRows = BlzDatabase.DEFAULT_CHUNK_ROWS;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    LoadOptions options = input.toLoadOptions().withChunkRows(chunkRows)
        .withShape(datashape == null ? null : ShapeArgument.parse(datashape));
    BlzDatabase database = BlzDatabase.open(db, true);
    long bytes = Files.isRegularFile(file) ? Files.size(file) : 0;
    long start = System.nanoTime();
    LoadResult result;
    try (ConsoleProgress progress = ConsoleProgress.forBytes("load " + table, bytes)) {
      result = Loader.load(database, table, file, options, progress);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf("Loaded %,d rows into %s table '%s' in %.2f s (%.1f MB/s).%n", result.rows(),
        result.createdTable() ? "new" : "existing", table, seconds, bytes / 1e6 / seconds);
    if (result.inferred()) {
      out.println("Inferred DataShape (save it, edit it, pass it back with --datashape):");
      out.println(DataShapePrinter.printIndented(result.shape()));
    }
    return 0;
  }
}
