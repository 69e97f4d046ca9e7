package org.blazedb.jdbc.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.jdbc.JdbcMeta;
import org.apache.calcite.avatica.proto.Requests;
import org.apache.calcite.avatica.remote.TypedValue;
import org.blazedb.jdbc.BlazeDriver;

/**
 * Avatica's JDBC-backed Meta over a BlazeDB database, made safe for many users:
 *
 * <ul>
 *   <li>each client connection is an embedded connection that may not read the server's files,
 *       and is read-only for read-only users; the properties a client sends are ignored (they
 *       could name Calcite model files or classes);
 *   <li>a connection and its statements serve only the user who opened it (Avatica looks
 *       statements up by a sequential id alone);
 *   <li>{@value #CANCEL} 'connection' statement, sent on another connection of the same user,
 *       cancels a running statement: Avatica's protocol has no cancel request of its own, and
 *       its clients only stop reading (see the jdbc:blaze:remote: driver, which sends it for
 *       Statement.cancel and setQueryTimeout);
 *   <li>connections and failed statements are logged.
 * </ul>
 */
final class BlazeMeta extends JdbcMeta {
  private final String databaseUrl;
  private final ServerLog log;
  private final Map<String, Caller> owners = new ConcurrentHashMap<>();
  private final Map<Integer, String> statementConnections = new ConcurrentHashMap<>();
  /** The embedded statement behind each Avatica statement id, to cancel it. */
  private final Map<Integer, java.sql.Statement> statements = new ConcurrentHashMap<>();
  /** Statements executing or fetching now: only those are cancelled. */
  private final java.util.Set<Integer> running = ConcurrentHashMap.newKeySet();
  /** The statement the embedded connection created last on this thread (see {@link #tracking}). */
  private static final ThreadLocal<java.sql.Statement> CREATED = new ThreadLocal<>();

  /** The SQL a client sends to cancel a statement: {@code CANCEL 'connection-id' statement-id}. */
  static final String CANCEL = "BLAZEDB CANCEL";
  private static final java.util.regex.Pattern CANCEL_SQL =
      java.util.regex.Pattern.compile("\\s*" + CANCEL + "\\s+'([^']+)'\\s+(\\d+)\\s*");

  BlazeMeta(String databaseDir, long idleSeconds, ServerLog log) throws SQLException {
    super(BlazeDriver.PREFIX + databaseDir, cacheSettings(idleSeconds));
    this.databaseUrl = BlazeDriver.PREFIX + databaseDir;
    this.log = log;
  }

  private static Properties cacheSettings(long idleSeconds) {
    Properties p = new Properties();
    p.setProperty(ConnectionCacheSettings.EXPIRY_DURATION.key(), Long.toString(idleSeconds));
    p.setProperty(ConnectionCacheSettings.EXPIRY_UNIT.key(), "SECONDS");
    p.setProperty(StatementCacheSettings.EXPIRY_DURATION.key(), Long.toString(idleSeconds));
    p.setProperty(StatementCacheSettings.EXPIRY_UNIT.key(), "SECONDS");
    return p;
  }

  @Override
  public void openConnection(ConnectionHandle ch, Map<String, String> info) {
    Caller caller = Caller.current();
    super.openConnection(ch, Map.of());
    owners.put(ch.id, caller);
    log.info("connection " + ch.id + " opened by " + caller);
  }

  @Override
  protected Connection createConnection(String url, Properties ignored) throws SQLException {
    boolean readOnly = Caller.current().role() == UserStore.Role.READ_ONLY;
    return tracking(java.sql.DriverManager.getConnection(databaseUrl + ";files=false;readonly=" + readOnly,
        new Properties()));
  }

  /** The connection, with the statements it creates noted for {@link #remember}. */
  private static Connection tracking(Connection connection) {
    return (Connection) java.lang.reflect.Proxy.newProxyInstance(BlazeMeta.class.getClassLoader(),
        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
          Object result;
          try {
            result = method.invoke(connection, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
          if (result instanceof java.sql.Statement statement) {
            CREATED.set(statement);
          }
          return result;
        });
  }

  @Override
  public void closeConnection(ConnectionHandle ch) {
    checkOwner(ch.id);
    super.closeConnection(ch);
    Caller caller = owners.remove(ch.id);
    statementConnections.entrySet().removeIf(e -> {
      boolean mine = e.getValue().equals(ch.id);
      if (mine) {
        statements.remove(e.getKey());
      }
      return mine;
    });
    if (caller != null) {
      log.info("connection " + ch.id + " closed by " + caller);
    }
  }

  @Override
  protected Connection getConnection(String id) throws SQLException {
    checkOwner(id);
    return super.getConnection(id);
  }

  private void checkOwner(String connectionId) {
    Caller owner = owners.get(connectionId);
    if (owner != null && !owner.user().equals(Caller.current().user())) {
      throw new IllegalStateException("connection " + connectionId + " belongs to another user");
    }
  }

  /** The statement must be one of the connection's, and the connection the caller's. */
  private void checkStatement(StatementHandle h) throws NoSuchStatementException {
    String connection = statementConnections.get(h.id);
    if (connection != null && !connection.equals(h.connectionId)) {
      throw new NoSuchStatementException(h);
    }
    checkOwner(h.connectionId);
  }

  private StatementHandle remember(StatementHandle h) {
    statementConnections.put(h.id, h.connectionId);
    java.sql.Statement created = CREATED.get();
    CREATED.remove();
    if (created != null) {
      statements.put(h.id, created);
    }
    return h;
  }

  /** Runs {@link #CANCEL}: the statement must be one of the caller's. */
  private ExecuteResult cancel(java.util.regex.Matcher command) {
    String connection = command.group(1);
    int id = Integer.parseInt(command.group(2));
    Caller owner = owners.get(connection);
    java.sql.Statement statement = statements.get(id);
    if (owner == null || !owner.user().equals(Caller.current().user()) || statement == null
        || !connection.equals(statementConnections.get(id))) {
      throw new IllegalArgumentException("no statement " + id + " of connection " + connection + " to cancel");
    }
    try {
      if (running.contains(id)) {
        statement.cancel();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot cancel statement " + id + ": " + e.getMessage(), e);
    }
    if (!running.contains(id)) {
      return new ExecuteResult(List.of(MetaResultSet.count(connection, id, 0))); // nothing to stop
    }
    log.info("statement " + id + " of connection " + connection + " cancelled by " + owner.user());
    return new ExecuteResult(List.of(MetaResultSet.count(connection, id, 0)));
  }

  /** Drops what expired connections and statements left in the owner maps. */
  void cleanUp() {
    getConnectionCache().cleanUp();
    getStatementCache().cleanUp();
    owners.keySet().retainAll(getConnectionCache().asMap().keySet());
    statementConnections.keySet().retainAll(getStatementCache().asMap().keySet());
    statements.keySet().retainAll(getStatementCache().asMap().keySet());
  }

  /** Closes every connection (at shutdown). */
  void closeAll() {
    getConnectionCache().invalidateAll();
    getConnectionCache().cleanUp();
  }

  int openConnections() {
    return (int) getConnectionCache().size();
  }

  @Override
  public StatementHandle createStatement(ConnectionHandle ch) {
    return remember(super.createStatement(ch));
  }

  @Override
  public StatementHandle prepare(ConnectionHandle ch, String sql, long maxRowCount) {
    return remember(logged(ch.id, () -> super.prepare(ch, sql, maxRowCount)));
  }

  @Override
  public void closeStatement(StatementHandle h) {
    checkOwner(h.connectionId);
    super.closeStatement(h);
    statementConnections.remove(h.id);
    statements.remove(h.id);
  }

  @Override
  public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount,
      PrepareCallback callback) throws NoSuchStatementException {
    return prepareAndExecute(h, sql, maxRowCount, -1, callback);
  }

  @Override
  public ExecuteResult prepareAndExecute(StatementHandle h, String sql, long maxRowCount, int maxRowsInFirstFrame,
      PrepareCallback callback) throws NoSuchStatementException {
    checkStatement(h);
    java.util.regex.Matcher cancel = CANCEL_SQL.matcher(sql);
    if (cancel.matches()) {
      return logged(h.connectionId, () -> cancel(cancel));
    }
    return loggedChecked(h,
        () -> super.prepareAndExecute(h, sql, maxRowCount, maxRowsInFirstFrame, callback));
  }

  @Override
  public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues, long maxRowCount)
      throws NoSuchStatementException {
    return execute(h, parameterValues, (int) Math.min(Integer.MAX_VALUE, maxRowCount));
  }

  @Override
  public ExecuteResult execute(StatementHandle h, List<TypedValue> parameterValues, int maxRowsInFirstFrame)
      throws NoSuchStatementException {
    checkStatement(h);
    return loggedChecked(h, () -> super.execute(h, parameterValues, maxRowsInFirstFrame));
  }

  @Override
  public Frame fetch(StatementHandle h, long offset, int fetchMaxRowCount) throws NoSuchStatementException,
      org.apache.calcite.avatica.MissingResultsException {
    checkStatement(h);
    running.add(h.id);
    try {
      return super.fetch(h, offset, fetchMaxRowCount);
    } finally {
      running.remove(h.id);
    }
  }

  @Override
  public boolean syncResults(StatementHandle h, QueryState state, long offset) throws NoSuchStatementException {
    checkStatement(h);
    return super.syncResults(h, state, offset);
  }

  @Override
  public ExecuteBatchResult prepareAndExecuteBatch(StatementHandle h, List<String> sqlCommands)
      throws NoSuchStatementException {
    checkStatement(h);
    return loggedChecked(h, () -> super.prepareAndExecuteBatch(h, sqlCommands));
  }

  @Override
  public ExecuteBatchResult executeBatch(StatementHandle h, List<List<TypedValue>> updateBatches)
      throws NoSuchStatementException {
    checkStatement(h);
    return loggedChecked(h, () -> super.executeBatch(h, updateBatches));
  }

  @Override
  public ExecuteBatchResult executeBatchProtobuf(StatementHandle h, List<Requests.UpdateBatch> updateBatches)
      throws NoSuchStatementException {
    checkStatement(h);
    return loggedChecked(h, () -> super.executeBatchProtobuf(h, updateBatches));
  }

  /** A statement action that may find no statement. */
  private interface StatementAction<T> {
    T run() throws NoSuchStatementException;
  }

  /** Runs a statement's action, noted as running (it may be cancelled) and logged if it fails. */
  private <T> T loggedChecked(StatementHandle h, StatementAction<T> action) throws NoSuchStatementException {
    running.add(h.id);
    try {
      return action.run();
    } catch (RuntimeException e) {
      throw logged(h.connectionId, e);
    } finally {
      running.remove(h.id);
    }
  }

  private <T> T logged(String connection, Supplier<T> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      throw logged(connection, e);
    }
  }

  private RuntimeException logged(String connection, RuntimeException e) {
    log.info("statement failed on connection " + connection + " of " + Caller.current().user() + ": "
        + ServerLog.firstLine(e));
    return e;
  }
}
