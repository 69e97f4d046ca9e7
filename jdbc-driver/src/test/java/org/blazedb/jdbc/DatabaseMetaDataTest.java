package org.blazedb.jdbc;

import static org.blazedb.jdbc.JdbcTestSupport.connect;
import static org.blazedb.jdbc.JdbcTestSupport.execute;
import static org.blazedb.jdbc.JdbcTestSupport.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DatabaseMetaData of a BlazeDB connection: product, catalogs, schemas, tables and views, columns, types. */
class DatabaseMetaDataTest {
  @TempDir Path dir;
  private Connection conn;
  private DatabaseMetaData meta;

  @BeforeEach
  void open() throws SQLException {
    conn = connect(dir.resolve("db"));
    execute(conn, "CREATE TABLE orders (id BIGINT NOT NULL, customer VARCHAR(20), total DECIMAL(12, 2),"
        + " placed DATE, paid BOOLEAN NOT NULL, weight DOUBLE)");
    execute(conn, "CREATE TABLE customers (name VARCHAR(20) NOT NULL, since TIMESTAMP)");
    execute(conn, "CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100");
    meta = conn.getMetaData();
  }

  @AfterEach
  void close() throws SQLException {
    conn.close();
  }

  /** Rows of a metadata result, as the given columns' values. */
  private static List<List<Object>> read(ResultSet rs, String... columns) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (String c : columns) {
          row.add(rs.getObject(c));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  @Test
  void productAndDriver() throws SQLException {
    assertEquals("BlazeDB", meta.getDatabaseProductName());
    assertEquals("BlazeDB JDBC Driver", meta.getDriverName());
    assertEquals("0.1.0", meta.getDriverVersion());
    assertEquals("0.1.0", meta.getDatabaseProductVersion());
    assertTrue(meta.getURL().startsWith("jdbc:blaze:"), meta.getURL());
    assertEquals(conn, meta.getConnection());
  }

  @Test
  void catalogsHoldTheConnectionsCatalog() throws SQLException {
    List<List<Object>> catalogs = read(meta.getCatalogs(), "TABLE_CAT");
    assertEquals(List.of(row(conn.getCatalog())), catalogs);
  }

  @Test
  void schemasContainBlazeTheDefault() throws SQLException {
    List<Object> schemas = read(meta.getSchemas(), "TABLE_SCHEM").stream().map(List::getFirst).toList();
    assertTrue(schemas.contains("blaze"), "schemas: " + schemas);
    assertEquals("blaze", conn.getSchema());
    assertEquals(List.of(row("blaze")), read(meta.getSchemas(null, "bla%"), "TABLE_SCHEM"));
  }

  @Test
  void tablesAndViews() throws SQLException {
    assertEquals(List.of(row("big_orders", "VIEW"), row("customers", "TABLE"), row("orders", "TABLE")),
        sortedTables(meta.getTables(null, "blaze", "%", null)));
    assertEquals(List.of(row("customers", "TABLE"), row("orders", "TABLE")),
        sortedTables(meta.getTables(null, "blaze", null, new String[] {"TABLE"})));
    assertEquals(List.of(row("big_orders", "VIEW")),
        sortedTables(meta.getTables(null, "blaze", null, new String[] {"VIEW"})));
    assertEquals(List.of(row("customers", "TABLE")), sortedTables(meta.getTables(null, "blaze", "cust%", null)));
    List<Object> types = read(meta.getTableTypes(), "TABLE_TYPE").stream().map(List::getFirst).toList();
    assertTrue(types.containsAll(List.of("TABLE", "VIEW")), "table types: " + types);
  }

  @Test
  void tablesCreatedAndDroppedLaterAreSeen() throws SQLException {
    sortedTables(meta.getTables(null, "blaze", null, null)); // seen once before the changes
    execute(conn, "CREATE TABLE later (x INT)");
    execute(conn, "DROP TABLE customers");
    assertEquals(List.of(row("big_orders", "VIEW"), row("later", "TABLE"), row("orders", "TABLE")),
        sortedTables(meta.getTables(null, "blaze", null, null)));
  }

  private static List<List<Object>> sortedTables(ResultSet rs) throws SQLException {
    List<List<Object>> tables = new ArrayList<>(read(rs, "TABLE_NAME", "TABLE_TYPE"));
    tables.sort((a, b) -> ((String) a.getFirst()).compareTo((String) b.getFirst()));
    return tables;
  }

  @Test
  void columnsWithTypesAndNullability() throws SQLException {
    List<List<Object>> columns = read(meta.getColumns(null, "blaze", "orders", null),
        "COLUMN_NAME", "ORDINAL_POSITION", "DATA_TYPE", "TYPE_NAME", "IS_NULLABLE", "NULLABLE");
    List<List<Object>> expected = List.of(
        row("id", 1, Types.BIGINT, "BIGINT", "NO", DatabaseMetaData.columnNoNulls),
        row("customer", 2, Types.VARCHAR, "VARCHAR", "YES", DatabaseMetaData.columnNullable),
        row("total", 3, Types.DECIMAL, "DECIMAL", "YES", DatabaseMetaData.columnNullable),
        row("placed", 4, Types.DATE, "DATE", "YES", DatabaseMetaData.columnNullable),
        row("paid", 5, Types.BOOLEAN, "BOOLEAN", "NO", DatabaseMetaData.columnNoNulls),
        row("weight", 6, Types.DOUBLE, "DOUBLE", "YES", DatabaseMetaData.columnNullable));
    assertEquals(expected.size(), columns.size(), "columns: " + columns);
    for (int i = 0; i < expected.size(); i++) {
      List<Object> e = expected.get(i);
      List<Object> a = columns.get(i);
      assertEquals(e.get(0), a.get(0));
      assertEquals(e.get(1), ((Number) a.get(1)).intValue(), e.get(0) + " position");
      assertEquals(e.get(2), ((Number) a.get(2)).intValue(), e.get(0) + " DATA_TYPE");
      // Calcite writes the full type (e.g. "VARCHAR(20)", "BIGINT NOT NULL"); it starts with the name.
      assertTrue(((String) a.get(3)).startsWith((String) e.get(3)), e.get(0) + " TYPE_NAME " + a.get(3));
      assertEquals(e.get(4), a.get(4), e.get(0) + " IS_NULLABLE");
      assertEquals(e.get(5), ((Number) a.get(5)).intValue(), e.get(0) + " NULLABLE");
    }
    List<List<Object>> sizes = read(meta.getColumns(null, "blaze", "orders", "total"), "COLUMN_SIZE", "DECIMAL_DIGITS");
    assertEquals(List.of(row(12, 2)), sizes);
    assertEquals(List.of(row("id", Types.BIGINT), row("total", Types.DECIMAL)),
        read(meta.getColumns(null, "blaze", "big_orders", null), "COLUMN_NAME", "DATA_TYPE"));
  }

  @Test
  void nestedColumnsAreStructsAndArrays() throws SQLException {
    Path json = dir.resolve("nested.json");
    JdbcTestSupport.loadJson(dir.resolve("db"), "nested", json,
        "var * {id: int64, location: {country: string, town: ?string}, borrowers: var * {name: string}}",
        16, "[{\"id\": 1, \"location\": {\"country\": \"Kenya\", \"town\": null}, \"borrowers\": []}]");
    assertEquals(List.of(row("id", Types.BIGINT, "NO"), row("location", Types.STRUCT, "NO"),
            row("borrowers", Types.ARRAY, "NO")),
        read(meta.getColumns(null, "blaze", "nested", null), "COLUMN_NAME", "DATA_TYPE", "IS_NULLABLE"));
  }

  @Test
  void typeInfoListsTheCommonTypes() throws SQLException {
    Map<String, Integer> types = new HashMap<>();
    for (List<Object> r : read(meta.getTypeInfo(), "TYPE_NAME", "DATA_TYPE")) {
      types.put((String) r.get(0), ((Number) r.get(1)).intValue());
    }
    assertEquals(Types.BOOLEAN, types.get("BOOLEAN"));
    assertEquals(Types.INTEGER, types.get("INTEGER"));
    assertEquals(Types.BIGINT, types.get("BIGINT"));
    assertEquals(Types.DECIMAL, types.get("DECIMAL"));
    assertEquals(Types.DOUBLE, types.get("DOUBLE"));
    assertEquals(Types.VARCHAR, types.get("VARCHAR"));
    assertEquals(Types.DATE, types.get("DATE"));
    assertEquals(Types.TIMESTAMP, types.get("TIMESTAMP"));
  }

  @Test
  void noPrimaryKeys() throws SQLException {
    assertEquals(List.of(), read(meta.getPrimaryKeys(null, "blaze", "orders"), "COLUMN_NAME"));
    assertFalse(meta.getPrimaryKeys(null, "blaze", "customers").next());
  }
}
