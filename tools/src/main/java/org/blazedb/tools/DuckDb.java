package org.blazedb.tools;

import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.stream.Collectors;
import org.blazedb.sqltests.tpch.TpchData;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/** DuckDB in-process (org.duckdb:duckdb_jdbc), the peer the benchmarks compare with. */
final class DuckDb {
  private DuckDb() {}

  static Connection open() throws SQLException {
    return DriverManager.getConnection("jdbc:duckdb:");
  }

  /** Creates and fills the TPC-H tables from the same generator, at the same scale, as BlazeDB's. */
  static void loadTpch(Connection connection, double scale) throws SQLException {
    for (TpchTable<?> table : TpchTable.getTables()) {
      load(connection, table, scale);
    }
  }

  private static <E extends TpchEntity> void load(Connection connection, TpchTable<E> table, double scale)
      throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE " + table.getTableName() + " (" + table.getColumns().stream()
          .map(c -> c.getColumnName() + " " + TpchData.sqlType(c)).collect(Collectors.joining(", ")) + ")");
    }
    try (DuckDBAppender appender = connection.unwrap(DuckDBConnection.class).createAppender(
        DuckDBConnection.DEFAULT_SCHEMA, table.getTableName())) {
      boolean[] int32 = new boolean[table.getColumns().size()];
      for (int c = 0; c < int32.length; c++) {
        int32[c] = TpchData.sqlType(table.getColumns().get(c)).equals("INTEGER");
      }
      TpchData.generate(table, scale, new TpchData.RowSink() {
        private boolean started;
        private int column;

        private DuckDBAppender row() throws SQLException {
          if (!started) {
            appender.beginRow();
            started = true;
          }
          column++;
          return appender;
        }

        @Override
        public void integer(long value) {
          // DuckDB's appender takes exactly the column's type.
          append(() -> int32[column] ? row().append((int) value) : row().append(value));
        }

        @Override
        public void date(int days) {
          append(() -> row().append(LocalDate.ofEpochDay(days)));
        }

        @Override
        public void cents(long value) {
          append(() -> row().append(BigDecimal.valueOf(value, 2)));
        }

        @Override
        public void string(String value) {
          append(() -> row().append(value));
        }

        @Override
        public void endRow() {
          append(() -> appender.endRow());
          started = false;
          column = 0;
        }
      });
    }
  }

  private interface SqlAction {
    Object run() throws SQLException;
  }

  private static void append(SqlAction action) {
    try {
      action.run();
    } catch (SQLException e) {
      throw new IllegalStateException("DuckDB appender: " + e.getMessage(), e);
    }
  }

}
