package org.blazedb.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-contained driver jar that the jdbc-driver module builds in its package phase: a JVM with
 * nothing else on its class path connects, creates a table, inserts and queries, and queries a
 * server through jdbc:blaze:remote:. ({@code mvn verify}
 * packages jdbc-driver before tools runs its tests; a build that stops at {@code test} has no jar,
 * and this test is skipped.)
 */
class ShadedDriverTest {
  @TempDir Path dir;

  @Test
  void plainJvmWithOnlyTheShadedJarConnectsCreatesInsertsAndQueries() throws Exception {
    Path jar = shadedJar();
    Path classes = dir.resolve("classes");
    Path main = classes.resolve("org/blazedb/tools/ShadedDriverMain.class");
    Files.createDirectories(main.getParent());
    try (InputStream in = ShadedDriverTest.class.getResourceAsStream("ShadedDriverMain.class")) {
      Files.copy(in, main);
    }
    Path work = Files.createDirectories(dir.resolve("work"));
    Path served = dir.resolve("served");
    assertEquals(0, CliRun.of("sql", served.toString(), "--create", "-e",
        "CREATE TABLE remote_t (v INT); INSERT INTO remote_t VALUES (20), (22)").code());
    org.blazedb.jdbc.server.BlazeServer server = org.blazedb.jdbc.server.BlazeServer.start(
        new org.blazedb.jdbc.server.BlazeServer.Settings(served, "127.0.0.1", 0, null, null, null, 600),
        new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
        "-cp", jar + java.io.File.pathSeparator + classes, "org.blazedb.tools.ShadedDriverMain", work.toString(), server.url());
    Path stderr = dir.resolve("stderr.txt");
    pb.redirectError(stderr.toFile());
    Process p = pb.start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), output);
    server.stop();
    assertEquals(0, p.exitValue(), output + Files.readString(stderr));

    String lz4Here = net.jpountz.lz4.LZ4Factory.fastestInstance().toString();
    assertEquals("""
        com.google.common.collect.ImmutableList: absent
        org.blazedb.shaded.com.google.common.collect.ImmutableList: present
        com.fasterxml.jackson.core.JsonFactory: absent
        org.blazedb.shaded.jackson.core.JsonFactory: present
        org.apache.commons.lang3.StringUtils: absent
        org.blazedb.shaded.org.apache.commons.lang3.StringUtils: present
        com.google.protobuf.Message: absent
        org.apache.calcite.jdbc.Driver: present
        org.codehaus.janino.SimpleCompiler: present
        net.jpountz.lz4.LZ4Factory: present
        org.eclipse.jetty.server.Server: absent
        org.blazedb.jdbc.server.BlazeServer: absent
        lz4: %s
        inserted: 4
        a | 2 | 5.5
        b | 1 | 2.5
        null | 1 | null
        Ada | en | 3
        Bo | de | 2
        Ada | fr | 1
        7
        2 | 42
        """.formatted(lz4Here), output.replace("\r\n", "\n"));
  }

  /** jdbc-driver/target/blazedb-jdbc-driver-VERSION-all.jar, next to this module. */
  private static Path shadedJar() throws IOException {
    Path target = Path.of("").toAbsolutePath().getParent().resolve("jdbc-driver/target");
    List<Path> jars;
    try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
      jars = files.filter(f -> f.getFileName().toString().matches("blazedb-jdbc-driver-.*-all\\.jar")).toList();
    }
    Assumptions.assumeTrue(jars.size() == 1, "the shaded driver jar is built by 'mvn package' of jdbc-driver; "
        + "found " + jars + " in " + target);
    return jars.getFirst();
  }
}
