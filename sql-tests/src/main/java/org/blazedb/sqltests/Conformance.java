package org.blazedb.sqltests;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.hydromatic.sqllogictest.Main;
import net.hydromatic.sqllogictest.OptionsParser;

/**
 * Runs sqllogictest files through BlazeDB one at a time (so memory stays bounded) and reports per
 * directory and per failure cause. With a report file, each finished file is appended to it as a
 * JSON line and files already there are not run again, so the corpus can be run in pieces.
 */
public final class Conformance {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The suites of the corpus: resource path prefixes. */
  public enum Suite {
    SELECT("test/select"), EVIDENCE("test/evidence/"), INDEX("test/index/"), RANDOM("test/random/"), ALL("test/");

    private final String prefix;

    Suite(String prefix) {
      this.prefix = prefix;
    }
  }

  private Conformance() {}

  /** The test files of the suite whose path matches the glob (all if null), sorted. */
  public static List<String> files(Suite suite, String glob) {
    PathMatcher matcher = glob == null ? null : FileSystems.getDefault().getPathMatcher("glob:" + glob);
    return Main.getTestList().stream()
        .filter(f -> f.startsWith(suite.prefix))
        .filter(f -> matcher == null || matcher.matches(Path.of(f)))
        .sorted()
        .toList();
  }

  /**
   * Runs the files not yet in the report (if any) and returns the results of all of them.
   *
   * @param progress told one line per file
   */
  public static List<FileResult> run(List<String> files, Path report, Path scratch, PrintStream progress)
      throws IOException {
    Map<String, FileResult> done = report == null ? new LinkedHashMap<>() : read(report);
    OptionsParser.SuppliedOptions options =
        new OptionsParser(false, progress, progress).getOptions();
    List<FileResult> results = new ArrayList<>();
    int n = 0;
    for (String file : files) {
      n++;
      FileResult result = done.get(file);
      if (result == null) {
        long start = System.nanoTime();
        try {
          result = new BlazeSltExecutor(options, scratch.resolve("slt-db")).run(file);
        } catch (Exception e) {
          throw new IOException("the runner failed on " + file + ": " + Causes.message(e), e);
        }
        progress.printf("[%d/%d] %s: %d/%d passed (%.1f s)%n", n, files.size(), file, result.passed(),
            result.queries(), (System.nanoTime() - start) / 1e9);
        if (report != null) {
          append(report, result);
        }
      }
      results.add(result);
    }
    return results;
  }

  /** Prints the per-directory table and the failures grouped by cause, most frequent first. */
  public static void print(List<FileResult> results, PrintWriter out) {
    Map<String, int[]> byDir = new TreeMap<>();
    Map<String, Integer> causes = new TreeMap<>();
    Map<String, String> examples = new TreeMap<>();
    for (FileResult r : results) {
      int[] t = byDir.computeIfAbsent(r.directory(), k -> new int[7]);
      t[0]++;
      t[1] += r.queries();
      t[2] += r.passed();
      t[3] += r.wrong();
      t[4] += r.errors();
      t[5] += r.dialect();
      t[6] += r.notRun();
      r.causes().forEach((c, k) -> causes.merge(c, k, Integer::sum));
      r.examples().forEach(examples::putIfAbsent);
    }
    out.printf("%-28s %6s %9s %9s %9s %9s %9s %9s %8s%n", "directory", "files", "queries", "passed",
        "wrong", "errors", "dialect", "not run", "passed%");
    int[] total = new int[7];
    byDir.forEach((dir, t) -> {
      for (int i = 0; i < total.length; i++) {
        total[i] += t[i];
      }
      row(out, dir, t);
    });
    row(out, "total", total);
    if (!causes.isEmpty()) {
      out.println();
      out.println("Failures by cause (count, cause, first place):");
      causes.entrySet().stream()
          .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
          .forEach(e -> out.printf("%7d  %s%n         at %s%n", e.getValue(), e.getKey(), examples.get(e.getKey())));
    }
  }

  private static void row(PrintWriter out, String name, int[] t) {
    out.printf("%-28s %6d %9d %9d %9d %9d %9d %9d %7.2f%%%n", name, t[0], t[1], t[2], t[3], t[4], t[5], t[6],
        pct(t[2], t[1]));
  }

  private static double pct(int part, int whole) {
    return whole == 0 ? 100 : 100.0 * part / whole;
  }

  private static Map<String, FileResult> read(Path report) throws IOException {
    Map<String, FileResult> done = new LinkedHashMap<>();
    if (Files.exists(report)) {
      for (String line : Files.readAllLines(report)) {
        if (!line.isBlank()) {
          FileResult r = JSON.readValue(line, FileResult.class);
          done.put(r.file(), r);
        }
      }
    }
    return done;
  }

  private static void append(Path report, FileResult result) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(report, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      w.write(JSON.writeValueAsString(result));
      w.newLine();
    }
  }
}
