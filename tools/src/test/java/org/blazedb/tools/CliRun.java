package org.blazedb.tools;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the {@code blaze} command line, with what it printed. */
record CliRun(int code, String out, String err) {
  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = BlazeCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliRun(code, out.toString(), err.toString());
  }
}
