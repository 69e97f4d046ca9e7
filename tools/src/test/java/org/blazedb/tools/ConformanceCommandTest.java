package org.blazedb.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** blaze conformance reports per directory and resumes from its report file. */
class ConformanceCommandTest {
  private static final String FILE = "test/evidence/slt_lang_dropview.test";

  @TempDir Path dir;

  @Test
  void reportsAndResumes() throws Exception {
    Path report = dir.resolve("report.jsonl");
    String[] args = {"conformance", "--suite", "evidence", "--files", FILE, "--report", report.toString()};
    StringWriter out = new StringWriter();
    assertEquals(0, BlazeCli.run(args, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)));
    assertEquals(1, Files.readAllLines(report).size());
    assertTrue(Files.readString(report).contains("\"file\":\"" + FILE + "\""), Files.readString(report));

    // A second run reads the file's result from the report instead of running it again.
    assertEquals(0, BlazeCli.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true)));
    assertEquals(1, Files.readAllLines(report).size());

    StringWriter err = new StringWriter();
    assertEquals(1, BlazeCli.run(new String[] {"conformance", "--files", "nothing*"},
        new PrintWriter(new StringWriter(), true), new PrintWriter(err, true)));
    assertTrue(err.toString().contains("no test files in suite 'select' matching 'nothing*'"), err.toString());
  }
}
