package org.blazedb.jdbc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** blaze server on a free loopback port, reached through jdbc:blaze:remote: and jdbc:avatica:remote:. */
class BlazeServerTest {
  @TempDir Path dir;
  private Path db;
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
  private BlazeServer server;

  @BeforeEach
  void createDatabase() throws SQLException {
    db = dir.resolve("db");
    try (Connection c = DriverManager.getConnection("jdbc:blaze:" + db + ";create=true");
         Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20))");
      s.execute("INSERT INTO t VALUES (1, 'one'), (2, 'two')");
    }
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop();
    }
  }

  private BlazeServer start(Path users, Path keystore, long idleSeconds) throws SQLException {
    server = BlazeServer.start(new BlazeServer.Settings(db, "127.0.0.1", 0, users, keystore,
        keystore == null ? null : "changeit", idleSeconds), log);
    return server;
  }

  private Connection remote(String user, String password) throws SQLException {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
      p.setProperty("password", password);
    }
    return DriverManager.getConnection("jdbc:blaze:remote:" + server.url(), p);
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  private Path users() {
    Path file = dir.resolve("users");
    UserStore store = UserStore.open(file);
    store.put("alice", "alice-secret".toCharArray(), UserStore.Role.READ_WRITE);
    store.put("bob", "bob-secret".toCharArray(), UserStore.Role.READ_ONLY);
    store.save();
    return file;
  }

  @Test
  void remoteQueriesMetadataPreparedStatementsAndChanges() throws Exception {
    start(null, null, 600);
    try (Connection c = remote(null, null)) {
      assertEquals(3, count(c, "SELECT SUM(id) FROM t"));
      try (PreparedStatement ps = c.prepareStatement("SELECT name FROM t WHERE id = ?")) {
        ps.setInt(1, 2);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals("two", rs.getString(1));
        }
      }
      DatabaseMetaData md = c.getMetaData();
      try (ResultSet tables = md.getTables(null, "blaze", "t", null)) {
        assertTrue(tables.next());
        assertEquals("t", tables.getString("TABLE_NAME"));
      }
      try (Statement s = c.createStatement()) {
        assertEquals(1, s.executeUpdate("INSERT INTO t VALUES (3, 'three')"));
        assertEquals(1, s.executeUpdate("UPDATE t SET name = 'drei' WHERE id = 3"));
        SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT nope FROM t"));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
      }
    }
    // Plain Avatica clients work too.
    try (Connection c = DriverManager.getConnection("jdbc:avatica:remote:url=" + server.url()
        + ";serialization=protobuf")) {
      assertEquals(3, count(c, "SELECT COUNT(*) FROM t"));
    }
    String logged = logBytes.toString(StandardCharsets.UTF_8);
    assertTrue(logged.contains("opened by anonymous (read-write) from 127.0.0.1"), logged);
    assertTrue(logged.contains("statement failed on connection"), logged);
  }

  @Test
  void usersSignInAndReadOnlyUsersChangeNothing() throws Exception {
    start(users(), null, 600);
    try (Connection alice = remote("alice", "alice-secret"); Connection bob = remote("bob", "bob-secret")) {
      assertEquals(2, count(bob, "SELECT COUNT(*) FROM t"));
      try (Statement s = bob.createStatement()) {
        SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate("INSERT INTO t VALUES (9, 'x')"));
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        e = assertThrows(SQLException.class, () -> s.execute("DROP TABLE t"));
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM TABLE(read_json('/etc/hostname'))"));
        assertTrue(e.getMessage().contains("may not read the server's files"), e.getMessage());
      }
      try (Statement s = alice.createStatement()) {
        assertEquals(1, s.executeUpdate("INSERT INTO t VALUES (9, 'x')"));
      }
      assertEquals(3, count(bob, "SELECT COUNT(*) FROM t"));
    }
    assertThrows(SQLException.class, () -> remote("alice", "wrong").createStatement().executeQuery("SELECT 1"));
    assertThrows(SQLException.class, () -> remote("mallory", "x").createStatement().executeQuery("SELECT 1"));
    assertThrows(SQLException.class, () -> remote(null, null).createStatement().executeQuery("SELECT 1"));
    String logged = logBytes.toString(StandardCharsets.UTF_8);
    assertFalse(logged.contains("secret"), "no passwords in the log: " + logged);
    assertFalse(logged.contains(UserStore.ALGORITHM), "no hashes in the log: " + logged);
  }

  @Test
  void refusesOtherAddressesWithoutUsers() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlazeServer.start(
        new BlazeServer.Settings(db, "0.0.0.0", 0, null, null, null, 600), log));
    assertTrue(e.getMessage().contains("without users"), e.getMessage());
  }

  @Test
  void tlsWithAKeystore() throws Exception {
    Path keystore = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "blazedb", "-keyalg", "EC", "-dname", "CN=localhost", "-ext",
        "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
        "-storepass", "changeit").redirectErrorStream(true).start();
    assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    start(users(), keystore, 600);
    assertTrue(server.url().startsWith("https://"));
    Properties p = new Properties();
    p.setProperty("user", "alice");
    p.setProperty("password", "alice-secret");
    p.setProperty("truststore", keystore.toString());
    p.setProperty("truststore_password", "changeit");
    try (Connection c = DriverManager.getConnection("jdbc:blaze:remote:" + server.url(), p)) {
      assertEquals(2, count(c, "SELECT COUNT(*) FROM t"));
    }
    // Without the server's certificate the handshake fails.
    p.remove("truststore");
    p.remove("truststore_password");
    assertThrows(Exception.class, () -> {
      try (Connection c = DriverManager.getConnection("jdbc:blaze:remote:" + server.url(), p)) {
        count(c, "SELECT COUNT(*) FROM t");
      }
    });
  }

  @Test
  void thirtyTwoClientsQueryAndInsertAtOnce() throws Exception {
    start(null, null, 600);
    int threads = 32;
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Integer>> inserted = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      inserted.add(pool.submit(() -> {
        int mine = 0;
        try (Connection c = remote(null, null); Statement s = c.createStatement()) {
          while (System.nanoTime() < until) {
            int id = 1000 + thread * 100_000 + mine;
            assertEquals(1, s.executeUpdate("INSERT INTO t VALUES (" + id + ", 'thread " + thread + "')"));
            mine++;
            // My committed inserts are all visible, whatever the others do.
            assertEquals(mine, count(c, "SELECT COUNT(*) FROM t WHERE name = 'thread " + thread + "'"));
            assertEquals(3, count(c, "SELECT SUM(id) FROM t WHERE id < 1000"));
          }
        }
        return mine;
      }));
    }
    int total = 0;
    for (Future<Integer> f : inserted) {
      total += f.get(120, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertTrue(total >= threads, "every client inserted: " + total);
    try (Connection c = remote(null, null)) {
      assertEquals(2 + total, count(c, "SELECT COUNT(*) FROM t"));
    }
  }

  @Test
  void idleConnectionsExpire() throws Exception {
    start(null, null, 1);
    Connection c = remote(null, null);
    assertEquals(2, count(c, "SELECT COUNT(*) FROM t"));
    assertEquals(1, server.openConnections());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (server.openConnections() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertEquals(0, server.openConnections(), "the idle connection expired");
    assertThrows(Exception.class, () -> count(c, "SELECT COUNT(*) FROM t"));
  }

  /** A table of 200,000 rows, whose self-join below runs for minutes unless stopped. */
  private void loadBig() {
    org.blazedb.storage.blz.BlzTable big = org.blazedb.storage.blz.BlzDatabase.open(db, false).createTable("big",
        org.blazedb.engine.datashape.DataShapeParser.parse("var * {v: int64}"), 1 << 16);
    try (org.blazedb.storage.blz.TableAppender a = big.appender()) {
      for (long v = 0; v < 200_000; v++) {
        a.writer("v").appendLong(v);
        a.endRow();
      }
      a.commit();
    }
  }

  private static final String SLOW = "SELECT COUNT(*) FROM big a, big b WHERE a.v + b.v = -1";

  @Test
  void cancelAndQueryTimeoutStopTheQueryOnTheServer() throws Exception {
    loadBig();
    start(users(), null, 600);
    try (Connection c = remote("alice", "alice-secret")) {
      try (Statement s = c.createStatement()) {
        s.setQueryTimeout(1);
        long begin = System.nanoTime();
        SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(SLOW));
        assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
        assertTrue(System.nanoTime() - begin < TimeUnit.SECONDS.toNanos(60), "stopped after the timeout");
      }
      try (Statement s = c.createStatement()) {
        ExecutorService canceller = Executors.newSingleThreadExecutor();
        Future<?> cancel = canceller.submit(() -> {
          Thread.sleep(1000);
          s.cancel();
          return null;
        });
        SQLException e = assertThrows(SQLException.class, () -> s.executeQuery(SLOW));
        assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
        cancel.get(10, TimeUnit.SECONDS);
        canceller.shutdown();
      }
      assertEquals(2, count(c, "SELECT COUNT(*) FROM t"), "the connection goes on");
    }
    String logged = logBytes.toString(StandardCharsets.UTF_8);
    assertTrue(logged.contains("cancelled by alice"), logged);
  }

  @Test
  void malformedRequestsGetAnErrorAndTheServerGoesOn() throws Exception {
    start(null, null, 600);
    HttpURLConnection http = (HttpURLConnection) URI.create(server.url()).toURL().openConnection();
    http.setRequestMethod("POST");
    http.setDoOutput(true);
    http.getOutputStream().write("this is not protobuf".getBytes(StandardCharsets.UTF_8));
    int status = http.getResponseCode();
    assertTrue(status >= 400, "an error status, was " + status);
    http.disconnect();
    try (Connection c = remote(null, null)) {
      assertEquals(2, count(c, "SELECT COUNT(*) FROM t"));
    }
  }

  @Test
  void stopClosesConnectionsAndLeavesNoPartialCommit() throws Exception {
    start(null, null, 600);
    Connection c = remote(null, null);
    assertEquals(2, count(c, "SELECT COUNT(*) FROM t"));
    server.stop();
    assertEquals(0, server.openConnections());
    assertThrows(Exception.class, () -> count(c, "SELECT COUNT(*) FROM t"));
    try (Connection local = DriverManager.getConnection("jdbc:blaze:" + db)) {
      assertEquals(2, count(local, "SELECT COUNT(*) FROM t"));
    }
    assertTrue(Files.isDirectory(db));
  }
}
