package org.blazedb.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.blazedb.sqltests.Conformance;
import org.blazedb.sqltests.FileResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "conformance",
    description = "Run the SQLite sqllogictest corpus through BlazeDB and report per directory and cause.")
final class ConformanceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--suite", description = "select, evidence, index, random or all (default: ${DEFAULT-VALUE}).")
  String suite = "select";

  @Option(names = "--files", paramLabel = "GLOB", description = "Only files whose path matches, e.g. 'test/select[12].test'.")
  String glob;

  @Option(names = "--report", paramLabel = "FILE",
      description = "Append each file's result here (JSON lines) and skip files already in it: resumable runs.")
  Path report;

  @Override
  public Integer call() throws IOException {
    Conformance.Suite selected = Conformance.Suite.valueOf(suite.toUpperCase(Locale.ROOT));
    List<String> files = Conformance.files(selected, glob);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no test files in suite '" + suite + "'"
          + (glob == null ? "" : " matching '" + glob + "'"));
    }
    Path scratch = Files.createTempDirectory("blaze-conformance-");
    try {
      List<FileResult> results = Conformance.run(files, report, scratch, System.err);
      Conformance.print(results, spec.commandLine().getOut());
    } finally {
      Files.deleteIfExists(scratch);
    }
    return 0;
  }
}
