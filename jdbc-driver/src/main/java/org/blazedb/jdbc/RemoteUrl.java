package org.blazedb.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * {@code jdbc:blaze:remote:http[s]://host:port[;key=value...]}: a connection to {@code blaze server}
 * through Avatica's remote driver, with protobuf serialization. {@code user} and {@code password}
 * (in the URL or the properties) sign in with HTTP BASIC; TLS settings pass through. Nothing else
 * reaches the server: the password in particular is not sent as a connection property.
 * Statement.cancel and setQueryTimeout stop the statement on the server (see {@link RemoteCancel}).
 */
final class RemoteUrl {
  static final String PREFIX = BlazeDriver.PREFIX + "remote:";
  /** Avatica client settings a URL may give. */
  private static final Set<String> PASSED = Set.of("truststore", "truststore_password", "hostname_verification",
      "http_connection_timeout", "http_response_timeout", "keystore_type", "fetch_size");

  private RemoteUrl() {}

  static Connection connect(String url, Properties info) throws SQLException {
    String[] parts = url.substring(PREFIX.length()).split(";");
    String server = parts[0].strip();
    String lower = server.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      throw new SQLException("the URL " + url + " names no server: use " + PREFIX + "http://host:port", "08001");
    }
    Properties given = new Properties();
    if (info != null) {
      info.stringPropertyNames().forEach(k -> given.setProperty(k, info.getProperty(k)));
    }
    for (int i = 1; i < parts.length; i++) {
      int eq = parts[i].indexOf('=');
      if (eq <= 0) {
        throw new SQLException("malformed property '" + parts[i] + "' in " + url + ": expected key=value", "08001");
      }
      given.setProperty(parts[i].substring(0, eq).strip(), parts[i].substring(eq + 1).strip());
    }
    Properties avatica = new Properties();
    avatica.setProperty("serialization", "PROTOBUF");
    for (String key : given.stringPropertyNames()) {
      if (PASSED.contains(key)) {
        avatica.setProperty(key, given.getProperty(key));
      } else if (!key.equals("user") && !key.equals("password")) {
        throw new SQLException("unknown property '" + key + "' for a remote connection (known: user, password, "
            + String.join(", ", new java.util.TreeSet<>(PASSED)) + ")", "08001");
      }
    }
    String user = given.getProperty("user");
    if (user != null && !user.isEmpty()) {
      avatica.setProperty("authentication", "BASIC");
      avatica.setProperty("avatica_user", user);
      avatica.setProperty("avatica_password", given.getProperty("password", ""));
    }
    RemoteCancel.Opener opener = () -> open(server, avatica);
    return RemoteCancel.wrap(opener.open(), opener);
  }

  private static Connection open(String server, Properties avatica) throws SQLException {
    try {
      return new org.apache.calcite.avatica.remote.Driver()
          .connect("jdbc:avatica:remote:url=" + server, avatica);
    } catch (RuntimeException e) {
      String why = String.valueOf(e.getMessage()).contains("HTTP/401")
          ? "authentication failed (HTTP 401: wrong or missing user or password)" : e.getMessage();
      throw new SQLException("cannot connect to " + server + ": " + why, why.startsWith("authentication") ? "28000"
          : "08001", e);
    }
  }
}
