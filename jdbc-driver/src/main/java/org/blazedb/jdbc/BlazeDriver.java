package org.blazedb.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.calcite.avatica.DriverVersion;
import org.apache.calcite.jdbc.BlazeJdbcFactory;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.Driver;
import org.blazedb.calcite.BlazePrepare;
import org.blazedb.calcite.BlazeSchema;
import org.blazedb.storage.blz.BlzDatabase;
import org.blazedb.storage.blz.BlzException;

/**
 * The embedded JDBC driver: {@code jdbc:blaze:<directory>[;key=value]...}, e.g.
 * {@code jdbc:blaze:/data/kiva;create=true}. Properties may also come in the {@link Properties}
 * object. {@code create=true} creates a missing database; other keys are Calcite connection
 * properties. The database's tables are in the schema {@value #SCHEMA}, the default one.
 */
public final class BlazeDriver extends Driver {
  public static final String PREFIX = "jdbc:blaze:";
  public static final String SCHEMA = "blaze";

  static {
    new BlazeDriver().register();
  }

  @Override
  protected String getConnectStringPrefix() {
    return PREFIX;
  }

  /** Calcite's preparation, with REPLACE INTO planned as a replace (see BlazePrepare). */
  @Override
  public CalcitePrepare createPrepare() {
    return new BlazePrepare();
  }

  /** Calcite's factory, with result sets that report errors met while reading rows as SQLExceptions. */
  @Override
  protected String getFactoryClassName(JdbcVersion jdbcVersion) {
    return BlazeJdbcFactory.class.getName();
  }

  @Override
  protected DriverVersion createDriverVersion() {
    return new DriverVersion("BlazeDB JDBC Driver", "0.1.0", "BlazeDB", "0.1.0", true, 0, 1, 0, 1);
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (url == null || !acceptsURL(url)) {
      return null;
    }
    if (url.startsWith(RemoteUrl.PREFIX)) {
      return RemoteUrl.connect(url, info);
    }
    BlazeUrl parsed = BlazeUrl.parse(url, info);
    BlzDatabase db;
    try {
      db = BlzDatabase.open(Path.of(parsed.path()), parsed.create());
    } catch (BlzException e) {
      throw new SQLException(e.getMessage() + " (add ;create=true to the URL to create it)", "08001", e);
    }
    Connection connection = super.connect(PREFIX, parsed.calciteProperties());
    CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
    new BlazeSchema(db, SCHEMA, parsed.permissions(), parsed.execution()).addTo(calcite);
    calcite.setSchema(SCHEMA);
    return connection;
  }
}
