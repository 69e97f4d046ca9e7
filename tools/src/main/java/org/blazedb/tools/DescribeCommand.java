package org.blazedb.tools;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.blazedb.engine.datashape.DataShapePrinter;
import org.blazedb.storage.blz.BlzDatabase;
import org.blazedb.storage.blz.BlzTable;
import org.blazedb.storage.blz.TableSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "describe", description = "Show a database's tables, or one table's DataShape and storage.")
final class DescribeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DB")
  Path db;

  @Parameters(index = "1", paramLabel = "TABLE", arity = "0..1")
  String table;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    BlzDatabase database = BlzDatabase.open(db, false);
    if (table == null) {
      out.printf("%-32s %14s %8s%n", "table", "rows", "columns");
      for (String name : database.tableNames()) {
        BlzTable t = database.table(name);
        out.printf("%-32s %,14d %8d%n", name, t.snapshot().rows(), t.layout().columns().size());
      }
      return 0;
    }
    BlzTable t = database.table(table);
    TableSnapshot snapshot = t.snapshot();
    out.println("table:        " + t.name() + " (" + t.dir() + ")");
    out.printf("rows:         %,d (manifest version %d, %,d rows per chunk)%n",
        snapshot.rows(), snapshot.manifest().version(), t.chunkRows());
    out.println("datashape:    " + DataShapePrinter.printIndented(t.shape()).replace("\n", "\n              "));
    out.println();
    TableReport.print(snapshot, out);
    return 0;
  }
}
