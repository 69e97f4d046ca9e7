package org.blazedb.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ./blaze launcher refuses clearly when it finds no JDK 25. */
class LauncherTest {
  @TempDir Path bin;

  @Test
  void withoutJdk25PrintsOneLineAndFails() throws IOException, InterruptedException {
    // A PATH with the shell tools the launcher uses, and no java.
    for (String tool : new String[] {"bash", "dirname", "readlink", "sed", "head", "find"}) {
      Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/bin", tool));
    }
    Path launcher = Path.of("").toAbsolutePath().getParent().resolve("blaze");
    ProcessBuilder pb = new ProcessBuilder("/usr/bin/bash", launcher.toString(), "demo");
    pb.environment().remove("JAVA_HOME");
    pb.environment().put("PATH", bin.toString());
    pb.environment().put("BLAZE_JDK_SEARCH", "/nonexistent/*");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(1, p.exitValue(), output);
    assertEquals("blaze: no JDK 25 or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm); "
        + "install one, e.g. Temurin 25", output.strip());
  }
}
