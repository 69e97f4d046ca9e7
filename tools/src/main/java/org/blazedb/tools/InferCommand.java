package org.blazedb.tools;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.blazedb.engine.datashape.DataShapePrinter;
import org.blazedb.storage.ingest.Loader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "infer", description = "Print the DataShape inferred from a JSON, JSON Lines or CSV file.")
final class InferCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE")
  Path file;

  @Mixin InputOptions input;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println(DataShapePrinter.printIndented(Loader.infer(file, input.toLoadOptions())));
    return 0;
  }
}
