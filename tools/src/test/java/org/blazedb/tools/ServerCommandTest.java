package org.blazedb.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server process: blaze user manages the users file, blaze server serves a database on a
 * free loopback port to blaze sql --remote and JDBC clients, and SIGTERM stops it cleanly.
 */
class ServerCommandTest {
  @TempDir Path dir;

  private static int addUser(Path users, String name, String password, String role) {
    InputStream stdin = System.in;
    try {
      System.setIn(new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)));
      return CliRun.of("user", "add", name, "--role", role, "--users", users.toString()).code();
    } finally {
      System.setIn(stdin);
    }
  }

  @Test
  void usersFileKeepsNoPasswords() throws Exception {
    Path users = dir.resolve("users");
    assertEquals(0, addUser(users, "ann", "pw-ann-1", "read-write"));
    assertEquals(0, addUser(users, "ben", "pw-ben-1", "read-only"));
    String text = Files.readString(users);
    assertFalse(text.contains("pw-ann-1") || text.contains("pw-ben-1"), text);
    CliRun list = CliRun.of("user", "list", "--users", users.toString());
    assertTrue(list.out().contains("ann") && list.out().contains("read-write") && list.out().contains("read-only"),
        list.out());
    assertEquals(0, CliRun.of("user", "remove", "ben", "--users", users.toString()).code());
    CliRun missing = CliRun.of("user", "remove", "ben", "--users", users.toString());
    assertEquals(1, missing.code());
    assertTrue(missing.err().contains("no user 'ben'"), missing.err());
    CliRun badRole = CliRun.of("user", "add", "x", "--role", "admin", "--users", users.toString());
    assertTrue(badRole.err().contains("unknown role 'admin'"), badRole.err());
  }

  @Test
  void serverProcessServesAndStopsOnSigterm() throws Exception {
    Path db = dir.resolve("db");
    assertEquals(0, CliRun.of("sql", db.toString(), "--create", "-e",
        "CREATE TABLE t (a INT); INSERT INTO t VALUES (1), (2)").code());
    Path users = dir.resolve("users");
    assertEquals(0, addUser(users, "ann", "pw-ann-1", "read-write"));

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process server = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow", "-cp", System.getProperty("java.class.path"),
        BlazeCli.class.getName(), "server", db.toString(), "--port", "0", "--users", users.toString())
        .redirectError(dir.resolve("server.log").toFile()).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      Matcher m = Pattern.compile("serving .* at (http://127\\.0\\.0\\.1:\\d+)").matcher(String.valueOf(first));
      assertTrue(m.matches(), "first line: " + first + "\nlog: " + Files.readString(dir.resolve("server.log")));
      String url = m.group(1);

      Properties p = new Properties();
      p.setProperty("user", "ann");
      p.setProperty("password", "pw-ann-1");
      try (Connection c = DriverManager.getConnection("jdbc:blaze:remote:" + url, p);
           Statement s = c.createStatement()) {
        s.executeUpdate("INSERT INTO t VALUES (3)");
        try (ResultSet rs = s.executeQuery("SELECT SUM(a) FROM t")) {
          assertTrue(rs.next());
          assertEquals(6, rs.getInt(1));
        }
      }
      CliRun wrong = CliRun.of("sql", "--remote", url, "-e", "SELECT 1");
      assertEquals(1, wrong.code(), "no credentials, no data");
      assertTrue(wrong.err().contains("401"), wrong.err());

      server.destroy(); // SIGTERM
      assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the server stops");
      String log = Files.readString(dir.resolve("server.log"));
      assertTrue(log.contains("opened by ann (read-write) from 127.0.0.1"), log);
      assertTrue(log.contains("stopped"), log);
      assertFalse(log.contains("pw-ann-1"), log);
    } finally {
      server.destroyForcibly();
    }
    CliRun after = CliRun.of("sql", db.toString(), "--format", "csv", "-e", "SELECT COUNT(*) FROM t");
    assertTrue(after.out().contains("3"), after.out());
  }
}
