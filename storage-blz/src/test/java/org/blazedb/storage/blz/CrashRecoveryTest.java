package org.blazedb.storage.blz;

import static org.blazedb.storage.blz.BlzTestSupport.shape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer process killed with SIGKILL in the middle of appending: the table holds exactly the
 * committed rows, every value as written, and the next writer removes the dead one's chunks.
 */
class CrashRecoveryTest {
  private static final int BATCH_ROWS = 50_000;
  private static final int CHUNK_ROWS = 16_384;

  @TempDir Path dir;
  private Path dbDir;
  private BlzTable table;

  @BeforeEach
  void create() {
    dbDir = dir.resolve("db");
    table = BlzDatabase.open(dbDir, true).createTable("crash", shape("var * {n: int64, s: string}"), CHUNK_ROWS);
  }

  /** The child JVM and the lines it prints. */
  private final class Child implements AutoCloseable {
    final Process process;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final Path stderr = dir.resolve("child-stderr.txt");

    Child(int batches, int hangAtBatch) throws IOException {
      String java = ProcessHandle.current().info().command()
          .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      List<String> command = List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
          "-cp", System.getProperty("java.class.path"), CrashingAppender.class.getName(),
          dbDir.toString(), "crash", Integer.toString(BATCH_ROWS), Integer.toString(batches),
          Integer.toString(hangAtBatch));
      process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
      Thread pump = new Thread(() -> {
        try (BufferedReader out = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = out.readLine()) != null) {
            lines.add(line);
          }
        } catch (IOException ignored) {
          // the process was killed
        }
        lines.add("<eof>");
      });
      pump.setDaemon(true);
      pump.start();
    }

    String nextLine() throws InterruptedException, IOException {
      String line = lines.poll(60, TimeUnit.SECONDS);
      if (line == null || line.equals("<eof>")) {
        fail("the child printed nothing more (" + line + "); its stderr: " + Files.readString(stderr));
      }
      return line;
    }

    void kill() throws InterruptedException {
      process.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the child did not die");
      assertTrue(process.exitValue() != 0, "the child had finished by itself");
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  /** Every row's values are what {@link CrashingAppender} wrote. */
  private void assertValues(long rows) {
    TableSnapshot snapshot = BlzDatabase.open(dbDir, false).table("crash").snapshot();
    assertEquals(rows, snapshot.rows());
    long row = 0;
    try (var reader = snapshot.rowReader()) {
      while (reader.hasNext()) {
        Map<String, Object> values = reader.next();
        if ((Long) values.get("n") != CrashingAppender.number(row) || !CrashingAppender.text(row).equals(values.get("s"))) {
          fail("row " + row + ": " + values);
        }
        row++;
      }
    }
    assertEquals(rows, row);
    try (var reader = snapshot.rowReader()) {
      for (long r : new long[] {rows - 1, 0, rows / 2, CHUNK_ROWS, CHUNK_ROWS - 1, BATCH_ROWS}) {
        assertEquals(CrashingAppender.text(r), reader.read(r).get("s"), "row " + r);
      }
    }
  }

  /** The chunk files on disk before the next writer opened, and those the manifest referenced. */
  private record Cleanup(Set<String> before, Set<String> referenced) {}

  /** Opening a writer removes exactly the chunks no manifest references. */
  private Cleanup assertNextWriterCleansUp() {
    Set<String> before = BlzTestSupport.chunkFiles(table);
    Set<String> referenced = BlzTestSupport.referencedChunkFiles(table);
    assertTrue(before.containsAll(referenced), "every committed chunk is on disk");
    try (TableAppender next = table.appender()) {
      assertEquals(referenced, BlzTestSupport.chunkFiles(table), "only committed chunks are left");
      // and it can go on appending where the dead writer's last commit ended
      long rows = table.snapshot().rows();
      for (long r = rows; r < rows + 10; r++) {
        next.writer("n").appendLong(CrashingAppender.number(r));
        next.writer("s").appendString(CrashingAppender.text(r));
        next.endRow();
      }
      next.commit();
    }
    return new Cleanup(before, referenced);
  }

  @Test
  void killedWhileWritingUncommittedChunks() throws Exception {
    try (Child child = new Child(10, 2)) {
      assertEquals("committed " + BATCH_ROWS, child.nextLine());
      assertEquals("committed " + 2 * BATCH_ROWS, child.nextLine());
      assertEquals("writing", child.nextLine());
      child.kill();
    }
    assertValues(2L * BATCH_ROWS);
    Cleanup cleanup = assertNextWriterCleansUp();
    Set<String> leftovers = new java.util.TreeSet<>(cleanup.before());
    leftovers.removeAll(cleanup.referenced());
    // the dead writer had written one full chunk of each column of its third batch
    assertEquals(2, leftovers.size(), "uncommitted chunks found: " + leftovers);
    assertEquals(Set.of("n", "s"), leftovers.stream().map(f -> f.substring(0, f.indexOf('/'))).collect(
        java.util.stream.Collectors.toSet()));
    assertValues(2L * BATCH_ROWS + 10);
  }

  @Test
  void killedAfterSomeCommits() throws Exception {
    long lastSeen;
    try (Child child = new Child(40, -1)) {
      List<String> seen = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        seen.add(child.nextLine());
      }
      child.kill();
      assertEquals(List.of("committed 50000", "committed 100000", "committed 150000"), seen);
      lastSeen = 3L * BATCH_ROWS;
    }
    long rows = BlzDatabase.open(dbDir, false).table("crash").snapshot().rows();
    // the child may have committed more between its third line and the kill; never a partial batch
    assertTrue(rows >= lastSeen && rows % BATCH_ROWS == 0 && rows < 40L * BATCH_ROWS, "rows: " + rows);
    assertValues(rows);
    assertNextWriterCleansUp();
    assertValues(rows + 10);
  }

  @Test
  void childFinishingNormallyCommitsEverything() throws Exception {
    try (Child child = new Child(2, -1)) {
      assertEquals("committed 50000", child.nextLine());
      assertEquals("committed 100000", child.nextLine());
      assertEquals("done", child.nextLine());
      assertTrue(child.process.waitFor(30, TimeUnit.SECONDS));
      assertEquals(0, child.process.exitValue(), Files.readString(child.stderr));
    }
    assertValues(2L * BATCH_ROWS);
    assertEquals(BlzTestSupport.referencedChunkFiles(table), BlzTestSupport.chunkFiles(table));
    assertNotNull(table.snapshot());
  }
}
