package org.blazedb.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaStatement;

/**
 * Statement.cancel and setQueryTimeout for remote connections. Avatica's protocol cannot cancel,
 * and its client only stops reading; here a cancel is also sent to the server, as the statement
 * {@code BLAZEDB CANCEL 'connection' statement} on a second connection of the same user (opened at
 * the first cancel), and a query timeout is a cancel scheduled when a statement starts executing.
 */
final class RemoteCancel {
  private static final Set<String> EXECUTE = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
      "executeBatch", "executeLargeBatch");
  private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "blazedb-query-timeout");
    t.setDaemon(true);
    return t;
  });

  /** Opens the connection cancels go through. */
  interface Opener {
    Connection open() throws SQLException;
  }

  private final AvaticaConnection connection;
  private final Opener opener;
  private Connection control;

  private RemoteCancel(AvaticaConnection connection, Opener opener) {
    this.connection = connection;
    this.opener = opener;
  }

  /** The connection, whose statements cancel on the server too. */
  static Connection wrap(Connection connection, Opener opener) throws SQLException {
    RemoteCancel cancels = new RemoteCancel(connection.unwrap(AvaticaConnection.class), opener);
    return proxy(Connection.class, connection, (target, method, args) -> {
      Object result = invoke(target, method, args);
      if (method.getName().equals("close")) {
        cancels.closeControl();
      }
      if (result instanceof PreparedStatement ps) {
        return cancels.statement(PreparedStatement.class, ps);
      }
      if (result instanceof Statement s) {
        return cancels.statement(Statement.class, s);
      }
      return result;
    });
  }

  private <S extends Statement> S statement(Class<S> type, S statement) {
    AvaticaStatement avatica;
    try {
      avatica = statement.unwrap(AvaticaStatement.class);
    } catch (SQLException e) {
      return statement;
    }
    return proxy(type, statement, (target, method, args) -> {
      // The server first: Avatica's cancel() waits for the statement's lock, which a running
      // execute holds until the server answers.
      if (method.getName().equals("cancel") && method.getParameterCount() == 0) {
        cancelOnServer(avatica);
        target.cancel();
        return null;
      }
      if (!EXECUTE.contains(method.getName()) || target.getQueryTimeout() <= 0) {
        return invoke(target, method, args);
      }
      ScheduledFuture<?> timeout = TIMER.schedule(() -> {
        try {
          cancelOnServer(avatica);
          target.cancel();
        } catch (SQLException ignored) {
          // the statement finished or closed meanwhile
        }
      }, target.getQueryTimeout(), TimeUnit.SECONDS);
      try {
        return invoke(target, method, args);
      } finally {
        timeout.cancel(false);
      }
    });
  }

  private synchronized void cancelOnServer(AvaticaStatement statement) throws SQLException {
    if (statement.handle == null) {
      return; // not executed yet: nothing runs on the server
    }
    if (control == null) {
      control = opener.open();
    }
    try (Statement s = control.createStatement()) {
      s.execute("BLAZEDB CANCEL '" + connection.id + "' " + statement.handle.id);
    }
  }

  private synchronized void closeControl() throws SQLException {
    if (control != null) {
      control.close();
      control = null;
    }
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Calls on the proxy go to the handler, with the target. */
  private interface Handler<T> {
    Object invoke(T target, Method method, Object[] args) throws Throwable;
  }

  private static <T> T proxy(Class<T> type, T target, Handler<T> handler) {
    InvocationHandler h = (proxy, method, args) -> {
      if (method.getName().equals("unwrap") && args != null && args[0] instanceof Class<?> c && c.isInstance(target)) {
        return target;
      }
      return handler.invoke(target, method, args);
    };
    return type.cast(Proxy.newProxyInstance(RemoteCancel.class.getClassLoader(), new Class<?>[] {type}, h));
  }
}
