package org.blazedb.tools;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.blazedb.jdbc.server.BlazeServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "server", description = {"Serve a database over HTTP (Avatica, protobuf) to jdbc:blaze:remote: and"
    + " jdbc:avatica:remote: clients, until stopped (Ctrl-C or SIGTERM let running requests finish).",
    "Binds to 127.0.0.1 unless --host says otherwise; another address needs --users."})
final class ServerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DB", description = "Database directory.")
  Path db;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "8765", description = "Port (default: ${DEFAULT-VALUE}; 0: any free one).")
  int port;

  @Option(names = "--users", paramLabel = "FILE", description = "Users file (see blaze user): clients sign in with"
      + " HTTP BASIC.")
  Path users;

  @Option(names = "--tls-keystore", paramLabel = "FILE", description = "PKCS12 (or .jks) keystore with the server's"
      + " key: serve https. Its password comes from BLAZE_TLS_PASSWORD.")
  Path keystore;

  @Option(names = "--idle-timeout", defaultValue = "600", paramLabel = "SECONDS",
      description = "Close client connections and statements idle this long (default: ${DEFAULT-VALUE}).")
  long idleSeconds;

  @Override
  public Integer call() throws Exception {
    String password = null;
    if (keystore != null) {
      password = System.getenv("BLAZE_TLS_PASSWORD");
      if (password == null) {
        throw new IllegalArgumentException("set BLAZE_TLS_PASSWORD to the password of " + keystore);
      }
    }
    BlazeServer server = BlazeServer.start(new BlazeServer.Settings(db, host, port, users, keystore, password,
        idleSeconds), System.err);
    spec.commandLine().getOut().println("serving " + db + " at " + server.url());
    spec.commandLine().getOut().flush();
    Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "blaze-server-stop"));
    server.join();
    return 0;
  }
}
