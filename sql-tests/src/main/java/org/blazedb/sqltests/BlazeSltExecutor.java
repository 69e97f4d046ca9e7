package org.blazedb.sqltests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import net.hydromatic.sqllogictest.ISqlTestOperation;
import net.hydromatic.sqllogictest.OptionsParser;
import net.hydromatic.sqllogictest.SltSqlStatement;
import net.hydromatic.sqllogictest.SltTestFile;
import net.hydromatic.sqllogictest.SqlTestQuery;
import net.hydromatic.sqllogictest.TestStatistics;
import net.hydromatic.sqllogictest.executors.JdbcExecutor;

/**
 * Runs one sqllogictest file through {@code jdbc:blaze:} in a fresh database: every table is created
 * and filled by SQL and stored in BLZ. Results are checked by the corpus's own checker
 * ({@link JdbcExecutor#validate}); failures are sorted into wrong results, errors and dialect
 * (statements in another database's syntax), each with its cause.
 */
final class BlazeSltExecutor extends JdbcExecutor {
  private final Path dbDir;

  BlazeSltExecutor(OptionsParser.SuppliedOptions options, Path dbDir) {
    super(options, "jdbc:blaze:" + dbDir + ";create=true", "", "");
    this.dbDir = dbDir;
  }

  /** Runs the file and deletes its database. */
  FileResult run(String resource) throws IOException, SQLException, NoSuchAlgorithmException {
    SltTestFile file = new SltTestFile(resource);
    file.parse(options);
    Map<String, Integer> causes = FileResult.newCauses();
    Map<String, String> examples = new HashMap<>();
    int queries = 0;
    int passed = 0;
    int wrong = 0;
    int errors = 0;
    int dialect = 0;
    int notRun = 0;
    String stoppedBy = null;
    establishConnection();
    try {
      for (ISqlTestOperation operation : file.fileContents) {
        SltSqlStatement statement = operation.as(SltSqlStatement.class);
        if (statement != null) {
          if (stoppedBy != null) {
            continue;
          }
          String error = execute(statement.statement);
          if (error != null && statement.shouldPass) {
            stoppedBy = Causes.of(statement.statement, error);
            count(causes, examples, "statement " + stoppedBy, resource);
          }
          continue;
        }
        SqlTestQuery query = operation.to(options.err, SqlTestQuery.class);
        queries++;
        if (stoppedBy != null) {
          notRun++;
          continue;
        }
        TestStatistics one = new TestStatistics(false, 0);
        try (Statement s = getConnection().createStatement(); ResultSet rs = s.executeQuery(query.getQuery())) {
          validate(query, rs, query.outputDescription, one);
        } catch (SQLException | RuntimeException | AssertionError e) { // Calcite's internal errors too
          String cause = Causes.of(query.getQuery(), Causes.message(e));
          if (Causes.isDialect(cause)) {
            dialect++;
          } else {
            errors++;
          }
          count(causes, examples, cause, resource + " query " + queries);
          continue;
        }
        if (one.getPassedTestCount() == 1) {
          passed++;
        } else {
          wrong++;
          count(causes, examples, "wrong result", resource + " query " + queries + ": " + query.getQuery());
        }
      }
    } finally {
      closeConnection();
      deleteDatabase();
    }
    return new FileResult(resource, queries, passed, wrong, errors, dialect, notRun, causes, examples);
  }

  /** Runs a statement; the error's message, or null. */
  private String execute(String sql) {
    try (Statement s = getConnection().createStatement()) {
      s.execute(sql);
      return null;
    } catch (SQLException | RuntimeException | AssertionError e) {
      return Causes.message(e);
    }
  }

  private static void count(Map<String, Integer> causes, Map<String, String> examples, String cause, String where) {
    causes.merge(cause, 1, Integer::sum);
    examples.putIfAbsent(cause, where);
  }

  private void deleteDatabase() throws IOException {
    if (!Files.exists(dbDir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dbDir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Whether a message is the parser's (the statement is in a syntax BlazeDB does not accept). */
  static boolean isParseError(String message) {
    return message.toLowerCase(Locale.ROOT).contains("encountered") || message.contains("parse failed");
  }
}
