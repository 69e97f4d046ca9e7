package org.blazedb.calcite.parser;

import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code CREATE TRIGGER name ... ON table BEGIN ... END}, parsed so it can be refused by name. */
public final class SqlCreateTrigger extends SqlCreate {
  private static final SqlOperator OPERATOR = new SqlSpecialOperator("CREATE TRIGGER", SqlKind.OTHER_DDL);

  public final SqlIdentifier name;
  public final SqlIdentifier table;

  public SqlCreateTrigger(SqlParserPos pos, boolean replace, boolean ifNotExists, SqlIdentifier name,
      SqlIdentifier table) {
    super(OPERATOR, pos, replace, ifNotExists);
    this.name = name;
    this.table = table;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name, table);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE TRIGGER");
    name.unparse(writer, leftPrec, rightPrec);
    writer.keyword("ON");
    table.unparse(writer, leftPrec, rightPrec);
  }
}
