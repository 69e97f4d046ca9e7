package org.blazedb.tools;

import java.io.Console;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.blazedb.storage.ingest.LoadProgress;

/** A progress bar of bytes read, with rows and rate, shown only on a terminal. */
final class ConsoleProgress implements LoadProgress, AutoCloseable {
  private final ProgressBar bar;

  private ConsoleProgress(ProgressBar bar) {
    this.bar = bar;
  }

  /** A bar for reading {@code totalBytes}, or a silent one when not on a terminal. */
  static ConsoleProgress forBytes(String task, long totalBytes) {
    Console console = System.console();
    if (console == null || !console.isTerminal()) {
      return new ConsoleProgress(null);
    }
    return new ConsoleProgress(new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(totalBytes)
        .setUnit(" MB", 1 << 20)
        .showSpeed()
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250)
        .continuousUpdate()
        .build());
  }

  @Override
  public void update(long bytesRead, long rows) {
    if (bar != null) {
      bar.stepTo(bytesRead);
      bar.setExtraMessage(String.format(" %,d rows", rows));
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
