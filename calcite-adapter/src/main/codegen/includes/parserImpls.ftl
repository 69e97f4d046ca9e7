<#--
  BlazeDB's statements, added to Calcite's SQL grammar (see ../config.fmpp): CREATE/DROP of
  tables, views, indexes and triggers, REINDEX, and REPLACE INTO (INSERT OR REPLACE INTO).
-->

boolean BlazeIfNotExists() :
{
}
{
    <IF> <NOT> <EXISTS> { return true; }
|
    { return false; }
}

boolean BlazeIfExists() :
{
}
{
    <IF> <EXISTS> { return true; }
|
    { return false; }
}

/**
 * A column with its type and constraints, a bare column name (CREATE TABLE t (a, b) AS query), or
 * a table constraint.
 */
void BlazeTableElement(List<SqlNode> list) :
{
    final SqlIdentifier id;
    SqlIdentifier name = null;
    final SqlNodeList columns;
    final SqlNode e;
    final Span s = Span.of();
}
{
    id = SimpleIdentifier()
    (
        BlazeColumn(id, list)
    |
        { list.add(id); }
    )
|
    [ <CONSTRAINT> { s.add(this); } name = SimpleIdentifier() ]
    (
        <PRIMARY> { s.add(this); } <KEY> columns = ParenthesizedSimpleIdentifierList() {
            list.add(SqlDdlNodes.primary(s.end(columns), name, columns));
        }
    |
        <UNIQUE> { s.add(this); } columns = ParenthesizedSimpleIdentifierList() {
            list.add(SqlDdlNodes.unique(s.end(columns), name, columns));
        }
    |
        <CHECK> { s.add(this); } <LPAREN> e = Expression(ExprContext.ACCEPT_SUB_QUERY) <RPAREN> {
            list.add(SqlDdlNodes.check(s.end(this), name, e));
        }
    )
}

/**
 * The type and constraints of column {@code id}. A column's PRIMARY KEY or UNIQUE is added to the
 * list as the table constraint on that one column.
 */
void BlazeColumn(SqlIdentifier id, List<SqlNode> list) :
{
    final SqlDataTypeSpec type;
    final List<SqlNode> constraints = new ArrayList<SqlNode>();
    boolean nullable = true;
    SqlNode defaultValue = null;
    SqlIdentifier name;
    SqlNode e;
    final Span s = Span.of(id);
}
{
    type = DataType()
    (
        { name = null; }
        [ <CONSTRAINT> name = SimpleIdentifier() ]
        (
            <NOT> <NULL> { nullable = false; }
        |
            <NULL> { nullable = true; }
        |
            <PRIMARY> <KEY> [ <ASC> | <DESC> ] {
                nullable = false;
                constraints.add(SqlDdlNodes.primary(s.end(this), name,
                    new SqlNodeList(List.of(id), id.getParserPosition())));
            }
        |
            <UNIQUE> {
                constraints.add(SqlDdlNodes.unique(s.end(this), name,
                    new SqlNodeList(List.of(id), id.getParserPosition())));
            }
        |
            <DEFAULT_> defaultValue = Expression(ExprContext.ACCEPT_NON_QUERY)
        |
            <CHECK> <LPAREN> e = Expression(ExprContext.ACCEPT_SUB_QUERY) <RPAREN> {
                constraints.add(SqlDdlNodes.check(s.end(this), name, e));
            }
        )
    )*
    {
        list.add(SqlDdlNodes.column(s.end(this), id, type.withNullable(nullable), defaultValue,
            defaultValue != null ? ColumnStrategy.DEFAULT
                : nullable ? ColumnStrategy.NULLABLE : ColumnStrategy.NOT_NULLABLE));
        list.addAll(constraints);
    }
}

SqlNodeList BlazeTableElementList() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
}
{
    <LPAREN> { s = span(); }
    BlazeTableElement(list)
    ( <COMMA> BlazeTableElement(list) )*
    <RPAREN> { return new SqlNodeList(list, s.end(this)); }
}

SqlCreate SqlCreateTable(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier id;
    SqlNodeList elements = null;
    SqlNode query = null;
}
{
    <TABLE> ifNotExists = BlazeIfNotExists() id = CompoundIdentifier()
    [ elements = BlazeTableElementList() ]
    [ <AS> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY) ]
    {
        return SqlDdlNodes.createTable(s.end(this), replace, ifNotExists, id, elements, query);
    }
}

SqlCreate SqlCreateView(Span s, boolean replace) :
{
    final SqlIdentifier id;
    SqlNodeList columns = null;
    final SqlNode query;
}
{
    <VIEW> id = CompoundIdentifier()
    [ columns = ParenthesizedSimpleIdentifierList() ]
    <AS> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY) {
        return SqlDdlNodes.createView(s.end(this), replace, id, columns, query);
    }
}

/** An indexed column; ASC and DESC are accepted and have no effect. */
void BlazeIndexColumn(List<SqlNode> list) :
{
    final SqlIdentifier id;
}
{
    id = SimpleIdentifier() [ <ASC> | <DESC> ] { list.add(id); }
}

SqlCreate SqlCreateIndex(Span s, boolean replace) :
{
    boolean unique = false;
    final boolean ifNotExists;
    final SqlIdentifier id;
    final SqlIdentifier table;
    final List<SqlNode> columns = new ArrayList<SqlNode>();
    final Span c;
}
{
    [ <UNIQUE> { unique = true; } ]
    <INDEX> ifNotExists = BlazeIfNotExists() id = CompoundIdentifier()
    <ON> table = CompoundIdentifier()
    <LPAREN> { c = span(); }
    BlazeIndexColumn(columns) ( <COMMA> BlazeIndexColumn(columns) )*
    <RPAREN> {
        return new SqlCreateIndex(s.end(this), replace, ifNotExists, unique, id, table,
            new SqlNodeList(columns, c.end(this)));
    }
}

/**
 * CREATE TRIGGER in SQLite's form, so that it is refused by the executor with a clear message
 * rather than by the parser.
 */
SqlCreate SqlCreateTrigger(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier id;
    final SqlIdentifier table;
    SqlNode e;
}
{
    <TRIGGER> ifNotExists = BlazeIfNotExists() id = CompoundIdentifier()
    [ <BEFORE> | <AFTER> | <INSTEAD> <OF> ]
    ( <INSERT> | <DELETE> | <UPDATE> [ <OF> ParenthesizedSimpleIdentifierList() ] )
    <ON> table = CompoundIdentifier()
    [ <FOR> <EACH> <ROW> ]
    [ <WHEN> e = Expression(ExprContext.ACCEPT_SUB_QUERY) ]
    <BEGIN> ( SqlStmt() <SEMICOLON> )+ <END> [ LOOKAHEAD(1) <SEMICOLON> ] {
        return new SqlCreateTrigger(s.end(this), replace, ifNotExists, id, table);
    }
}

SqlDrop SqlDropTable(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier id;
}
{
    <TABLE> ifExists = BlazeIfExists() id = CompoundIdentifier() {
        return SqlDdlNodes.dropTable(s.end(this), ifExists, id);
    }
}

SqlDrop SqlDropView(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier id;
}
{
    <VIEW> ifExists = BlazeIfExists() id = CompoundIdentifier() {
        return SqlDdlNodes.dropView(s.end(this), ifExists, id);
    }
}

SqlDrop SqlDropIndex(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier id;
}
{
    <INDEX> ifExists = BlazeIfExists() id = CompoundIdentifier() {
        return new SqlDropNamed(SqlDropNamed.INDEX, s.end(this), ifExists, id);
    }
}

SqlDrop SqlDropTrigger(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier id;
}
{
    <TRIGGER> ifExists = BlazeIfExists() id = CompoundIdentifier() {
        return new SqlDropNamed(SqlDropNamed.TRIGGER, s.end(this), ifExists, id);
    }
}

/** REINDEX name: rebuilds an index, or the indexes of a table. */
SqlNode SqlReindex() :
{
    final Span s;
    final SqlIdentifier id;
}
{
    <REINDEX> { s = span(); } id = CompoundIdentifier() {
        return new SqlReindex(s.end(this), id);
    }
}

/**
 * REPLACE INTO and INSERT OR REPLACE INTO: an INSERT whose rows replace the rows with the same
 * key. Calcite's UPSERT keyword marks it.
 */
SqlNode SqlReplace() :
{
    final Span s;
    final SqlIdentifier table;
    SqlNodeList columns = null;
    final SqlNode source;
}
{
    ( <REPLACE> | <INSERT> <OR> <REPLACE> ) { s = span(); }
    <INTO> table = CompoundTableIdentifier()
    [ LOOKAHEAD(2) columns = ParenthesizedSimpleIdentifierList() ]
    source = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY) {
        return new SqlInsert(s.end(source),
            new SqlNodeList(List.of(SqlInsertKeyword.UPSERT.symbol(s.pos())), s.pos()),
            table, source, columns);
    }
}

/** A statement, which may end with a semicolon, as JDBC users often write it. */
SqlNode BlazeStmtEof() :
{
    final SqlNode stmt;
}
{
    stmt = SqlStmt() [ <SEMICOLON> ] <EOF> { return stmt; }
}
