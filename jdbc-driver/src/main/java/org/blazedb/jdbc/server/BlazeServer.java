package org.blazedb.jdbc.server;

import java.io.File;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.avatica.metrics.noop.NoopMetricsSystem;
import org.apache.calcite.avatica.remote.AuthenticationType;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.server.AvaticaProtobufHandler;
import org.apache.calcite.avatica.server.AvaticaServerConfiguration;
import org.apache.calcite.avatica.server.HttpServer;
import org.apache.calcite.avatica.server.RemoteUserExtractor;
import org.apache.calcite.avatica.server.ServerCustomizer;
import org.blazedb.storage.blz.BlzDatabase;
import org.eclipse.jetty.security.ConstraintMapping;
import org.eclipse.jetty.security.ConstraintSecurityHandler;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.util.security.Constraint;

/**
 * BlazeDB over HTTP: an Avatica server (protobuf) whose clients are {@code jdbc:blaze:remote:} and
 * {@code jdbc:avatica:remote:} connections.
 *
 * <p>It binds to loopback unless told otherwise, and then only with users, who sign in with HTTP
 * BASIC (over TLS when given a keystore). Each request runs as its {@link Caller}, whose role
 * {@link BlazeMeta} enforces. Idle connections and statements expire; {@link #stop()} lets running
 * requests finish (up to a grace period) and closes every connection.
 */
public final class BlazeServer implements AutoCloseable {
  /** How long {@link #stop()} waits for running requests. */
  private static final long STOP_GRACE_MILLIS = 30_000;

  /** How the server is set up. */
  public record Settings(Path database, String host, int port, Path usersFile, Path keystore,
      String keystorePassword, long idleSeconds) {
    public Settings {
      if (idleSeconds < 1) {
        throw new IllegalArgumentException("the idle timeout must be at least 1 second");
      }
    }
  }

  private final Settings settings;
  private final ServerLog log;
  private final BlazeMeta meta;
  private final HttpServer http;
  private final ScheduledExecutorService janitor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "blaze-server-expiry");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean stopped;

  private BlazeServer(Settings settings, ServerLog log) throws SQLException {
    this.settings = settings;
    this.log = log;
    UserStore users = settings.usersFile() == null ? null : UserStore.open(settings.usersFile());
    if (users != null && users.isEmpty()) {
      throw new IllegalArgumentException("the users file " + settings.usersFile() + " has no users"
          + " (add one with: blaze user add NAME --users " + settings.usersFile() + ")");
    }
    if (users == null && !isLoopback(settings.host())) {
      throw new IllegalArgumentException("refusing to serve on " + settings.host() + " without users: give --users"
          + " FILE (see blaze user add), or bind to 127.0.0.1");
    }
    BlzDatabase.open(settings.database(), false); // a clear error now rather than at the first client
    meta = new BlazeMeta(settings.database().toString(), settings.idleSeconds(), log);
    PasswordLoginService login = users == null ? null : new PasswordLoginService(users);
    AvaticaProtobufHandler handler = new AvaticaProtobufHandler(new LocalService(meta),
        NoopMetricsSystem.getInstance(), callers(login));
    HttpServer.Builder<Server> builder = HttpServer.Builder.<Server>newBuilder()
        .withHandler(handler)
        .withPort(settings.port())
        .withServerCustomizers(List.of(jetty(login)), Server.class);
    if (settings.keystore() != null) {
      File keystore = settings.keystore().toFile();
      String type = keystore.getName().endsWith(".jks") ? "JKS" : "PKCS12";
      // Avatica asks for a truststore too; with no client certificates, the keystore serves.
      builder.withTLS(keystore, settings.keystorePassword(), keystore, settings.keystorePassword(), type);
    }
    http = builder.build();
  }

  /** Starts a server; it serves until {@link #stop()}. */
  public static BlazeServer start(Settings settings, java.io.PrintStream logTo) throws SQLException {
    BlazeServer server = new BlazeServer(settings, new ServerLog(logTo));
    server.http.start();
    long every = Math.max(1, Math.min(30, settings.idleSeconds() / 2));
    server.janitor.scheduleWithFixedDelay(server.meta::cleanUp, every, every, TimeUnit.SECONDS);
    server.log.info("BlazeDB server for " + settings.database() + " at " + server.url()
        + (settings.usersFile() == null ? " (no users: loopback only)" : " (users from " + settings.usersFile() + ")"));
    return server;
  }

  /** The URL clients connect to, e.g. {@code http://127.0.0.1:8765}. */
  public String url() {
    return (settings.keystore() == null ? "http" : "https") + "://" + settings.host() + ":" + http.getPort();
  }

  public int port() {
    return http.getPort();
  }

  /** Client connections open now. */
  public int openConnections() {
    return meta.openConnections();
  }

  /** Stops accepting requests, lets running ones finish (up to 30 s), closes every connection. */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    log.info("stopping: waiting for running requests");
    janitor.shutdownNow();
    http.stop();
    meta.closeAll();
    log.info("stopped");
  }

  @Override
  public void close() {
    stop();
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    http.join();
  }

  /**
   * Binds the connector to the host, lets running requests finish on stop, and, with users,
   * requires HTTP BASIC sign-in on every path.
   */
  private ServerCustomizer<Server> jetty(PasswordLoginService login) {
    return server -> {
      for (Connector connector : server.getConnectors()) {
        ((ServerConnector) connector).setHost(settings.host());
      }
      org.eclipse.jetty.server.Handler inner = server.getHandler();
      if (login != null) {
        Constraint constraint = new Constraint(Constraint.__BASIC_AUTH, Constraint.ANY_AUTH);
        constraint.setAuthenticate(true);
        ConstraintMapping mapping = new ConstraintMapping();
        mapping.setConstraint(constraint);
        mapping.setPathSpec("/*");
        ConstraintSecurityHandler security = new ConstraintSecurityHandler();
        security.setAuthenticator(new BasicAuthenticator());
        security.setLoginService(login);
        security.setConstraintMappings(new ConstraintMapping[] {mapping});
        security.setHandler(inner);
        inner = security;
      }
      StatisticsHandler statistics = new StatisticsHandler(); // tracks running requests for a graceful stop
      statistics.setHandler(inner);
      server.setHandler(statistics);
      server.setStopTimeout(STOP_GRACE_MILLIS);
    };
  }

  /** Runs each request as its caller: the signed-in user, or anonymous without users. */
  private static AvaticaServerConfiguration callers(PasswordLoginService login) {
    RemoteUserExtractor extractor = request -> login == null ? "anonymous" : request.getRemoteUser();
    return new AvaticaServerConfiguration() {
      @Override
      public AuthenticationType getAuthenticationType() {
        return login == null ? AuthenticationType.NONE : AuthenticationType.BASIC;
      }

      @Override
      public boolean supportsImpersonation() {
        return true;
      }

      @Override
      public <T> T doAsRemoteUser(String user, String address, Callable<T> action) throws Exception {
        UserStore.Role role = login == null ? UserStore.Role.READ_WRITE : login.roleOf(user);
        return new Caller(user, role, address).run(action);
      }

      @Override
      public RemoteUserExtractor getRemoteUserExtractor() {
        return extractor;
      }

      @Override
      public String getKerberosRealm() {
        return null;
      }

      @Override
      public String getKerberosPrincipal() {
        return null;
      }

      @Override
      public String getKerberosServiceName() {
        return null;
      }

      @Override
      public String getKerberosHostName() {
        return null;
      }

      @Override
      public File getKerberosKeytab() {
        return null;
      }

      @Override
      public String[] getAllowedRoles() {
        return null;
      }

      @Override
      public String getHashLoginServiceRealm() {
        return null;
      }

      @Override
      public String getHashLoginServiceProperties() {
        return null;
      }
    };
  }

  static boolean isLoopback(String host) {
    try {
      for (InetAddress a : InetAddress.getAllByName(host)) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("unknown host '" + host + "'", e);
    }
  }
}
