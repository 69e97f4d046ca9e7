package org.blazedb.tools;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.blazedb.jdbc.BlazeDriver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sqlline.SqlLine;

@Command(name = "sql",
    description = {"Run SQL on a database through the embedded JDBC driver (jdbc:blaze:DB), or on a server"
        + " (--remote URL, through jdbc:blaze:remote:URL).",
        "With -e: run the statements and print their results. Without: the sqlline shell; when standard "
            + "input is not a terminal, it reads the statements from there and exits at its end."})
final class SqlCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DB", arity = "0..1", description = "Database directory.")
  Path db;

  @Option(names = "--remote", paramLabel = "URL", description = "A blaze server, e.g. http://127.0.0.1:8765.")
  String remote;

  @Option(names = "--user", paramLabel = "NAME", description = "User on the server; the password is read from the"
      + " BLAZE_PASSWORD environment variable, else asked for on the terminal.")
  String user;

  @Option(names = "--truststore", paramLabel = "FILE", description = "Certificates to trust for an https server"
      + " (its password from BLAZE_TRUSTSTORE_PASSWORD).")
  Path truststore;

  @Option(names = {"-e", "--execute"}, paramLabel = "SQL",
      description = "Statements to run, separated by ';' (repeatable; all run in order, in one connection).")
  List<String> execute = new ArrayList<>();

  @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table", converter = ResultPrinter.Format.Converter.class,
      description = "How -e prints result sets (default: ${DEFAULT-VALUE}): aligned table; CSV (RFC 4180, LF "
          + "line ends, NULL an empty field); or JSON (one array of row objects per result set).")
  ResultPrinter.Format format = ResultPrinter.Format.TABLE;

  @Option(names = "--create", description = "Create the database if it does not exist.")
  boolean create;

  /** An error of a statement: its one-line message, for {@code blaze: ...}. */
  static final class SqlError extends RuntimeException {
    SqlError(String message, Throwable cause) {
      super(message, cause);
    }
  }

  @Override
  public Integer call() throws IOException {
    if ((db == null) == (remote == null)) {
      throw new IllegalArgumentException("give a database directory or --remote URL (one of them)");
    }
    if (remote != null) {
      return remote();
    }
    if (user != null || truststore != null) {
      throw new IllegalArgumentException("--user and --truststore go with --remote");
    }
    if (!create && !Files.isDirectory(db)) {
      throw new IllegalArgumentException("no database at " + db + " (add --create to create it)");
    }
    String path = db.toAbsolutePath().normalize().toString();
    if (path.indexOf(';') >= 0) {
      throw new IllegalArgumentException("the database path must not contain ';': " + path);
    }
    String url = BlazeDriver.PREFIX + path + (create ? ";create=true" : "");
    return execute.isEmpty() ? shell(url, new java.util.Properties()) : run(url, new java.util.Properties());
  }

  private int remote() throws IOException {
    if (create) {
      throw new IllegalArgumentException("--create is for local databases");
    }
    java.util.Properties props = new java.util.Properties();
    String url = "jdbc:blaze:remote:" + remote;
    if (truststore != null) {
      props.setProperty("truststore", truststore.toAbsolutePath().toString());
      props.setProperty("truststore_password", java.util.Objects.requireNonNullElse(
          System.getenv("BLAZE_TRUSTSTORE_PASSWORD"), ""));
    }
    if (user != null) {
      props.setProperty("user", user);
      props.setProperty("password", password());
    }
    return execute.isEmpty() ? shell(url, props) : run(url, props);
  }

  private String password() {
    String fromEnvironment = System.getenv("BLAZE_PASSWORD");
    if (fromEnvironment != null) {
      return fromEnvironment;
    }
    Console console = System.console();
    if (console == null) {
      throw new IllegalArgumentException("no password: set BLAZE_PASSWORD or run on a terminal");
    }
    return new String(console.readPassword("password for %s: ", user));
  }

  private int run(String url, java.util.Properties props) {
    PrintWriter out = spec.commandLine().getOut();
    ResultPrinter printer = ResultPrinter.of(format, out, spec.commandLine().getErr());
    List<String> statements = new ArrayList<>();
    for (String text : execute) {
      statements.addAll(SqlScript.split(text));
    }
    try (Connection connection = DriverManager.getConnection(url, props)) {
      for (int i = 0; i < statements.size(); i++) {
        String sql = statements.get(i);
        try (Statement statement = connection.createStatement()) {
          if (statement.execute(sql)) {
            try (ResultSet rs = statement.getResultSet()) {
              printer.result(rs);
            }
          } else {
            printer.updated(sql, statement.getLargeUpdateCount());
          }
        } catch (SQLException | RuntimeException e) {
          out.flush();
          String where = statements.size() > 1 ? "statement " + (i + 1) + ": " : "";
          throw new SqlError(where + message(e, sql), e);
        }
      }
    } catch (SQLException e) {
      throw new SqlError(message(e, ""), e);
    }
    return 0;
  }

  /**
   * One line saying what went wrong: the parser's or validator's message with its position (line
   * and column in the statement), else the driver's message without the SQL it repeats.
   */
  static String message(Throwable e, String sql) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if ((t instanceof SqlParseException || t instanceof CalciteContextException) && t.getMessage() != null) {
        return firstLine(t.getMessage());
      }
    }
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    String prefix = "Error while executing SQL \"" + sql + "\": ";
    if (m.startsWith(prefix)) {
      m = m.substring(prefix.length());
    }
    return firstLine(m);
  }

  private static String firstLine(String s) {
    String line = s.strip().lines().findFirst().orElse("").strip();
    return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
  }

  /** The sqlline shell, connected to {@code url}; returns the exit code. */
  private int shell(String url, java.util.Properties props) throws IOException {
    Console console = System.console();
    boolean terminal = console != null && console.isTerminal();
    if (props.containsKey("truststore")) {
      url += ";truststore=" + props.getProperty("truststore") + ";truststore_password="
          + props.getProperty("truststore_password");
    }
    List<String> args = new ArrayList<>(List.of(
        "-u", url, "-d", BlazeDriver.class.getName(), "-n", props.getProperty("user", ""),
        "-p", props.getProperty("password", ""),
        // BlazeDB has no transactions; sqlline would ask for REPEATABLE READ and warn
        "--isolation=TRANSACTION_NONE"));
    if (!terminal) {
      // Statements come from a pipe or file: no terminal detection (and its warning), colors,
      // prompts or timings, and no width limit (a dumb terminal is 0 columns wide).
      System.setProperty("org.jline.terminal.dumb", "true");
      args.addAll(List.of("--color=false", "--silent=true", "--maxWidth=100000"));
    }
    SqlLine sqlline = new SqlLine();
    SqlLine.Status status = sqlline.begin(args.toArray(String[]::new), null, terminal);
    return status == SqlLine.Status.OK ? 0 : 1;
  }
}
