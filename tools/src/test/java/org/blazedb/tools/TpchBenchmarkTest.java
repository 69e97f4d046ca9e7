package org.blazedb.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TpchBenchmarkTest {
  @TempDir Path dir;

  @Test
  void timesEveryExecutorAndChecksTheirAnswersAgainstDuckDb() {
    CliRun run = CliRun.of("bench", "tpch", "--sf", "0.01", "--queries", "1,13", "--runs", "2", "--warmup-passes", "2",
        "--executors", "llvm,java,duckdb", "--dir", dir.resolve("tpch").toString());
    assertEquals(0, run.code(), run.out() + run.err());
    for (String engine : new String[] {"llvm", "DuckDB"}) {
      assertTrue(run.out().contains("Warm-up: 2 untimed passes over the queries (" + engine + ")"), run.out());
    }
    for (String executor : new String[] {"duckdb", "llvm", "java"}) {
      for (int q : new int[] {1, 13}) {
        assertTrue(Pattern.compile("(?m)^" + executor + " Q" + q + " \\d+\\.\\d{3} s$").matcher(run.out()).find(),
            executor + " Q" + q + " timed:\n" + run.out());
      }
    }
    assertFalse(run.out().contains("differs"), run.out());
    for (int q : new int[] {1, 13}) { // each executor's time and ratio, then the planning time
      assertTrue(Pattern.compile("(?m)^Q" + q + "( +\\d+\\.\\d{3}){3}( +\\d+\\.\\d{2}){2} +\\d+\\.\\d{3}$")
          .matcher(run.out()).find(), run.out());
    }
    assertTrue(Pattern.compile("(?m)^geo( +\\d+\\.\\d{3}){3}( +\\d+\\.\\d{2}){2} +\\d+\\.\\d{3}$").matcher(run.out()).find(),
        run.out());
  }
}
