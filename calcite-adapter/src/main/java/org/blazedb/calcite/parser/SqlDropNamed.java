package org.blazedb.calcite.parser;

import java.util.List;
import org.apache.calcite.sql.SqlDrop;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code DROP INDEX} or {@code DROP TRIGGER [IF EXISTS] name}: objects known by name alone. */
public final class SqlDropNamed extends SqlDrop {
  public static final SqlOperator INDEX = new SqlSpecialOperator("DROP INDEX", SqlKind.DROP_INDEX);
  public static final SqlOperator TRIGGER = new SqlSpecialOperator("DROP TRIGGER", SqlKind.OTHER_DDL);

  public final SqlIdentifier name;

  public SqlDropNamed(SqlOperator operator, SqlParserPos pos, boolean ifExists, SqlIdentifier name) {
    super(operator, pos, ifExists);
    this.name = name;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(getOperator().getName());
    if (ifExists) {
      writer.keyword("IF EXISTS");
    }
    name.unparse(writer, leftPrec, rightPrec);
  }
}
