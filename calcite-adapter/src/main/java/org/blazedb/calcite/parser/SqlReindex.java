package org.blazedb.calcite.parser;

import java.util.List;
import org.apache.calcite.sql.SqlDdl;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code REINDEX name}, where name is an index or a table. */
public final class SqlReindex extends SqlDdl {
  private static final SqlOperator OPERATOR = new SqlSpecialOperator("REINDEX", SqlKind.OTHER_DDL);

  public final SqlIdentifier name;

  public SqlReindex(SqlParserPos pos, SqlIdentifier name) {
    super(OPERATOR, pos);
    this.name = name;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("REINDEX");
    name.unparse(writer, leftPrec, rightPrec);
  }
}
