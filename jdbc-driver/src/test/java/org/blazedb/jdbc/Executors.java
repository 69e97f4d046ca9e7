package org.blazedb.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The three ways a query runs, each a connection to one database: the vectorized engine with LLVM
 * kernels (on tables of any size), with the Java reference kernels, and Calcite's Enumerable code
 * alone. Differential tests compare their rows.
 */
record Executors(Connection llvm, Connection java, Connection enumerable) implements AutoCloseable {
  static Executors open(Path db) throws SQLException {
    return new Executors(DriverManager.getConnection(JdbcTestSupport.url(db) + ";backend=llvm;llvm_min_rows=0"),
        DriverManager.getConnection(JdbcTestSupport.url(db) + ";backend=java"),
        DriverManager.getConnection(JdbcTestSupport.url(db) + ";engine=enumerable"));
  }

  @Override
  public void close() throws SQLException {
    llvm.close();
    java.close();
    enumerable.close();
  }
}
