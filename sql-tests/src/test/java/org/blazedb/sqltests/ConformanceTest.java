package org.blazedb.sqltests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * select1-5 and evidence of the sqllogictest corpus, run through BlazeDB: no file may pass fewer
 * queries than {@code conformance-baseline.tsv} records (raise the baseline as causes are fixed).
 */
class ConformanceTest {
  @TempDir Path scratch;

  @Test
  void selectAndEvidenceDoNotRegress() throws IOException {
    Map<String, Integer> baseline = baseline();
    List<String> files = new ArrayList<>(Conformance.files(Conformance.Suite.SELECT, null));
    files.addAll(Conformance.files(Conformance.Suite.EVIDENCE, null));
    assertEquals(baseline.keySet(), new java.util.TreeSet<>(files), "the baseline lists exactly the files run");

    List<FileResult> results = Conformance.run(files, null, scratch, System.out);
    java.io.StringWriter report = new java.io.StringWriter();
    Conformance.print(results, new java.io.PrintWriter(report, true));
    System.out.println(report);

    List<String> regressions = new ArrayList<>();
    for (FileResult r : results) {
      int expected = baseline.get(r.file());
      if (r.passed() < expected) {
        regressions.add(r.file() + ": " + r.passed() + " passed, the baseline is " + expected);
      }
    }
    assertTrue(regressions.isEmpty(), "conformance regressions:\n" + String.join("\n", regressions));
  }

  private static Map<String, Integer> baseline() throws IOException {
    Map<String, Integer> baseline = new LinkedHashMap<>();
    try (InputStream in = ConformanceTest.class.getResourceAsStream("/conformance-baseline.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] parts = line.split("\t");
          baseline.put(parts[0], Integer.parseInt(parts[1]));
        }
      }
    }
    return new java.util.TreeMap<>(baseline);
  }
}
