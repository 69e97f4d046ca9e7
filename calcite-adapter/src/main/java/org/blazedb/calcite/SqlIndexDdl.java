package org.blazedb.calcite;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlDdl;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (column, ...)} and
 * {@code DROP INDEX [IF EXISTS] name}, which Calcite's DDL grammar lacks. BlazeDB keeps no secondary
 * indexes (zone maps serve range filters), so an index is a checked, recorded name: its table and
 * columns must exist, and dropping a missing one is an error.
 */
final class SqlIndexDdl extends SqlDdl {
  private static final Pattern CREATE = Pattern.compile(
      "\\s*CREATE\\s+(UNIQUE\\s+)?INDEX\\s+(IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)\\s+ON\\s+(\\w+)\\s*\\(([^)]*)\\)\\s*;?\\s*",
      Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern DROP = Pattern.compile(
      "\\s*DROP\\s+INDEX\\s+(IF\\s+EXISTS\\s+)?(\\w+)\\s*;?\\s*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final SqlOperator CREATE_INDEX = new SqlSpecialOperator("CREATE INDEX", SqlKind.CREATE_INDEX);
  private static final SqlOperator DROP_INDEX = new SqlSpecialOperator("DROP INDEX", SqlKind.DROP_INDEX);

  final String name;
  final String table;
  final List<String> columns;
  final boolean unique;
  final boolean ifExistsOrNot;

  private SqlIndexDdl(SqlOperator operator, String name, String table, List<String> columns, boolean unique,
      boolean ifExistsOrNot) {
    super(operator, SqlParserPos.ZERO);
    this.name = name;
    this.table = table;
    this.columns = columns;
    this.unique = unique;
    this.ifExistsOrNot = ifExistsOrNot;
  }

  boolean isCreate() {
    return getKind() == SqlKind.CREATE_INDEX;
  }

  /** The index statement {@code sql} is, or null if it is none. */
  static SqlIndexDdl parse(String sql) {
    Matcher create = CREATE.matcher(sql);
    if (create.matches()) {
      List<String> columns = java.util.Arrays.stream(create.group(5).split(","))
          .map(c -> c.strip().split("\\s+")[0]) // "a1 DESC" names a1
          .toList();
      return new SqlIndexDdl(CREATE_INDEX, create.group(3), create.group(4), columns, create.group(1) != null,
          create.group(2) != null);
    }
    Matcher drop = DROP.matcher(sql);
    if (drop.matches()) {
      return new SqlIndexDdl(DROP_INDEX, drop.group(2), null, List.of(), false, drop.group(1) != null);
    }
    return null;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of();
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(getOperator().getName());
    writer.identifier(name, true);
    if (isCreate()) {
      writer.keyword("ON");
      writer.identifier(table, true);
    }
  }
}
