package org.blazedb.jdbc;

import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import org.blazedb.calcite.ExecutionOptions;
import org.blazedb.calcite.Permissions;

/**
 * A parsed {@code jdbc:blaze:} URL: the database directory, then {@code ;key=value} properties
 * (H2 and Calcite style), merged over the caller's {@link Properties}.
 *
 * @param path the database directory
 * @param create whether a missing database is created
 * @param permissions {@code readonly=true} refuses DDL and DML, {@code files=false} the table
 *     functions that read the machine's files
 * @param execution {@code engine}, {@code backend}, {@code memory_limit}, {@code threads} and
 *     {@code llvm_min_rows}
 *     ({@link ExecutionOptions})
 * @param calciteProperties the connection properties Calcite gets: BlazeDB's SQL settings, then the
 *     caller's
 */
record BlazeUrl(String path, boolean create, Permissions permissions, ExecutionOptions execution,
    Properties calciteProperties) {

  /** The SQL settings BlazeDB connections start with (BI-tool friendly; each can be overridden). */
  static Properties defaults() {
    Properties p = new Properties();
    p.setProperty("caseSensitive", "false");
    p.setProperty("unquotedCasing", "UNCHANGED");
    p.setProperty("quotedCasing", "UNCHANGED");
    // LENIENT: standard SQL plus '%', LIMIT/OFFSET, and other widely used forms.
    p.setProperty("conformance", "LENIENT");
    p.setProperty("timeZone", "UTC");
    p.setProperty("parserFactory", "org.blazedb.calcite.BlazeDdlExecutor#PARSER_FACTORY");
    p.setProperty("typeSystem", "org.blazedb.calcite.TypeMapping#TYPE_SYSTEM"); // DECIMAL(38)
    return p;
  }

  static BlazeUrl parse(String url, Properties info) throws SQLException {
    String rest = url.substring(BlazeDriver.PREFIX.length());
    String[] parts = rest.split(";");
    String path = parts[0].strip();
    if (path.isEmpty()) {
      throw new SQLException("the URL " + url + " names no database directory: use jdbc:blaze:<directory>", "08001");
    }
    Properties props = defaults();
    if (info != null) {
      info.stringPropertyNames().forEach(k -> props.setProperty(k, info.getProperty(k)));
    }
    for (int i = 1; i < parts.length; i++) {
      if (parts[i].isBlank()) {
        continue;
      }
      int eq = parts[i].indexOf('=');
      if (eq <= 0) {
        throw new SQLException("malformed property '" + parts[i] + "' in " + url + ": expected key=value", "08001");
      }
      props.setProperty(parts[i].substring(0, eq).strip(), parts[i].substring(eq + 1).strip());
    }
    boolean create = flag(props, "create", false);
    Permissions permissions = new Permissions(!flag(props, "readonly", false), flag(props, "files", true));
    ExecutionOptions execution;
    try {
      execution = ExecutionOptions.of((String) props.remove("engine"), (String) props.remove("backend"),
          (String) props.remove("memory_limit"), (String) props.remove("threads"),
          (String) props.remove("llvm_min_rows"));
    } catch (IllegalArgumentException e) {
      throw new SQLException("bad property in " + url + ": " + e.getMessage(), "08001");
    }
    return new BlazeUrl(path, create, permissions, execution, props);
  }

  /** Removes a true/false property; its value, or {@code absent} if it is not there. */
  private static boolean flag(Properties props, String key, boolean absent) {
    Object value = props.remove(key);
    return value == null ? absent : Boolean.parseBoolean(String.valueOf(value).strip().toLowerCase(Locale.ROOT));
  }
}
