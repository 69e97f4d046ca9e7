package org.blazedb.tools;

import java.io.PrintWriter;
import org.blazedb.storage.blz.BlzException;
import org.blazedb.engine.datashape.DataShapeSyntaxException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code blaze} command. */
@Command(
    name = "blaze",
    mixinStandardHelpOptions = true,
    version = "BlazeDB 0.1.0",
    description = "BlazeDB: an analytical database over compressed, chunked BLZ columns.",
    subcommands = {
      LoadCommand.class, DescribeCommand.class, InferCommand.class, SqlCommand.class, DemoCommand.class,
      BenchCommand.class, ConformanceCommand.class, ServerCommand.class, UserCommand.class,
      CommandLine.HelpCommand.class
    })
public final class BlazeCli {
  @Option(names = "--verbose", description = "Print stack traces of errors.", scope = CommandLine.ScopeType.INHERIT)
  boolean verbose;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line and returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    BlazeCli cli = new BlazeCli();
    CommandLine commandLine = new CommandLine(cli)
        .setOut(out)
        .setErr(err)
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          // User errors get one line; anything else is a bug and gets its trace.
          boolean userError = e instanceof BlzException || e instanceof DataShapeSyntaxException
              || e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException
              || e instanceof SqlCommand.SqlError;
          cmd.getOut().flush(); // what was printed before the error comes first
          err.println("blaze: " + e.getMessage());
          if (cli.verbose || !userError) {
            e.printStackTrace(err);
          }
          err.flush();
          return 1;
        });
    return commandLine.execute(args);
  }
}
