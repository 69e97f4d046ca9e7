package org.blazedb.jdbc.server;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** One line per event on the server's log (standard error): never credentials or hashes. */
final class ServerLog {
  private final PrintStream out;

  ServerLog(PrintStream out) {
    this.out = out;
  }

  void info(String message) {
    synchronized (out) {
      out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + message);
    }
  }

  /** The first line of a failure's message, which is what a log reader needs. */
  static String firstLine(Throwable e) {
    String message = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
  }
}
