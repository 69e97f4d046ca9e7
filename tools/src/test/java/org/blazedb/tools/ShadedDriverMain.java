package org.blazedb.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Run by {@link ShadedDriverTest} in a JVM whose class path is the shaded driver jar plus this one
 * class: it uses nothing but the JDK and JDBC, and prints what it finds. Keep it a single class
 * file (no nested or anonymous classes), since the test copies only this one.
 */
public final class ShadedDriverMain {
  private ShadedDriverMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    // Relocated libraries are only under org.blazedb.shaded; the ones left in place are where they were.
    for (String name : new String[] {"com.google.common.collect.ImmutableList",
        "org.blazedb.shaded.com.google.common.collect.ImmutableList", "com.fasterxml.jackson.core.JsonFactory",
        "org.blazedb.shaded.jackson.core.JsonFactory", "org.apache.commons.lang3.StringUtils",
        "org.blazedb.shaded.org.apache.commons.lang3.StringUtils", "com.google.protobuf.Message",
        "org.apache.calcite.jdbc.Driver", "org.codehaus.janino.SimpleCompiler", "net.jpountz.lz4.LZ4Factory",
        "org.eclipse.jetty.server.Server", "org.blazedb.jdbc.server.BlazeServer"}) {
      System.out.println(name + ": " + (present(name) ? "present" : "absent"));
    }
    System.out.println("lz4: " + Class.forName("net.jpountz.lz4.LZ4Factory").getMethod("fastestInstance").invoke(null));

    Path json = dir.resolve("people.jsonl");
    Files.writeString(json, """
        {"name": "Ada", "langs": [{"lang": "en", "level": 3}, {"lang": "fr", "level": 1}]}
        {"name": "Bo", "langs": [{"lang": "de", "level": 2}]}
        """);
    // DriverManager finds the driver through META-INF/services/java.sql.Driver in the shaded jar.
    try (Connection c = DriverManager.getConnection("jdbc:blaze:" + dir.resolve("db") + ";create=true");
         Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INT, name VARCHAR, amount DOUBLE)");
      System.out.println("inserted: " + s.executeUpdate(
          "INSERT INTO t VALUES (1, 'a', 1.5), (2, 'b', 2.5), (3, 'a', 4.0), (4, NULL, NULL)"));
      // Aggregation and sorting: Calcite generates Java code that Janino compiles.
      print(s, "SELECT name, COUNT(*) AS n, SUM(amount) AS total FROM t GROUP BY name ORDER BY name NULLS LAST");
      // JSON ingest (the relocated Jackson) into a table, then nested data through UNNEST.
      s.execute("CREATE TABLE people AS SELECT * FROM TABLE(read_json('" + json + "'))");
      print(s, "SELECT p.name, l.lang, l.level FROM people AS p CROSS JOIN UNNEST(p.langs) AS l "
          + "ORDER BY l.level DESC");
      // Calcite's JSON functions run on (relocated) jackson-databind and json-path.
      print(s, "SELECT JSON_VALUE('{\"a\": {\"b\": [5, 7]}}', '$.a.b[1]') AS v");
    }
    // The remote client is in the same jar: Avatica's remote driver over the (relocated) HTTP client.
    try (Connection c = DriverManager.getConnection("jdbc:blaze:remote:" + args[1]);
         Statement s = c.createStatement()) {
      print(s, "SELECT COUNT(*) AS n, SUM(v) AS total FROM remote_t");
    }
  }

  private static boolean present(String name) {
    try {
      Class.forName(name, false, ShadedDriverMain.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static void print(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(i > 1 ? " | " : "").append(rs.getString(i));
        }
        System.out.println(row);
      }
    }
  }
}
