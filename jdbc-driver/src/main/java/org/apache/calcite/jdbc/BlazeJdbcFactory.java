package org.apache.calcite.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.QueryState;
import org.blazedb.calcite.StatementBudgets;

/**
 * Calcite's JDBC 4.1 factory, with result sets whose {@code next()} reports an error met while
 * reading rows as a {@link SQLException}, as JDBC requires: Calcite's generated code and the
 * engine compute rows as they are read, and their errors (a division by zero, a DECIMAL
 * overflow) otherwise left {@code next()} as unchecked exceptions, which ended a sqlline session.
 * An error in a constant expression ({@code 1 / 0}), which the generated code computes as its class
 * loads, comes out of the statement's execution as a SQLException too. Closing one frees the
 * memory the engine held for its query ({@link StatementBudgets}).
 * It lives in Calcite's package because {@link CalciteResultSet}'s constructor is package-private.
 */
public final class BlazeJdbcFactory extends CalciteJdbc41Factory {
  @Override
  public CalciteResultSet newResultSet(AvaticaStatement statement, QueryState state, Meta.Signature signature,
      TimeZone timeZone, Meta.Frame firstFrame) throws SQLException {
    ResultSetMetaData metaData = newResultSetMetaData(statement, signature);
    return new CalciteResultSet(statement, (CalcitePrepare.CalciteSignature) signature, metaData, timeZone,
        firstFrame) {
      @Override
      protected CalciteResultSet execute() throws SQLException {
        try {
          return super.execute();
        } catch (ExceptionInInitializerError e) { // the generated code computes its constants as it loads
          throw new SQLException("Error while computing the query's constants: " + message(e.getCause()), e.getCause());
        }
      }

      @Override
      public boolean next() throws SQLException {
        try {
          return super.next();
        } catch (RuntimeException e) {
          throw new SQLException("Error while reading the rows of the query: " + message(e), e);
        }
      }

      /** Closing also frees the rows the engine held for the query (its join tables, sorted rows). */
      @Override
      public void close() {
        super.close();
        try {
          StatementBudgets.close(cancelFlag(statement));
        } catch (NoSuchStatementException e) {
          // the statement is gone: its budgets are freed as the garbage collector finds them
        }
      }
    };
  }

  /** The flag that cancels {@code statement}, which its queries' DataContext holds: it names the statement there. */
  static AtomicBoolean cancelFlag(AvaticaStatement statement) throws NoSuchStatementException {
    return ((CalciteConnectionImpl) statement.connection).getCancelFlag(statement.handle);
  }

  private static String message(Throwable e) {
    return e == null ? "unknown error" : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
