package org.blazedb.calcite;

import static org.apache.calcite.util.Static.RESOURCE;

import java.io.Reader;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.server.DdlExecutor;
import org.apache.calcite.server.ServerDdlExecutor;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.schema.ColumnStrategy;
import org.apache.calcite.sql.ddl.SqlCheckConstraint;
import org.apache.calcite.sql.ddl.SqlColumnDeclaration;
import org.apache.calcite.sql.ddl.SqlKeyConstraint;
import org.apache.calcite.sql.ddl.SqlCreateTable;
import org.apache.calcite.sql.ddl.SqlCreateView;
import org.apache.calcite.sql.ddl.SqlDropObject;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserImplFactory;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;
import org.apache.calcite.util.SourceStringReader;
import org.apache.calcite.util.Util;
import org.blazedb.calcite.parser.BlazeSqlParserImpl;
import org.blazedb.calcite.parser.SqlCreateIndex;
import org.blazedb.calcite.parser.SqlCreateTrigger;
import org.blazedb.calcite.parser.SqlDropNamed;
import org.blazedb.calcite.parser.SqlReindex;
import org.blazedb.engine.datashape.ArrayShape;
import org.blazedb.engine.datashape.DataShape;
import org.blazedb.engine.datashape.RecordShape;
import org.blazedb.storage.blz.BlzDatabase;
import org.blazedb.storage.blz.BlzException;
import org.blazedb.storage.blz.BlzTable;
import org.blazedb.storage.blz.TableKey;
import org.blazedb.storage.blz.TableMeta;

/**
 * DDL on BLZ databases: CREATE TABLE (with SQL column types, or AS a query, which keeps the
 * DataShape of a table it copies whole), DROP TABLE, CREATE VIEW and DROP VIEW, all stored in the
 * database directory. Other DDL is Calcite's.
 */
public final class BlazeDdlExecutor extends ServerDdlExecutor {
  public static final BlazeDdlExecutor INSTANCE = new BlazeDdlExecutor();

  /** The parser factory named in the connection's {@code parserFactory} property. */
  public static final SqlParserImplFactory PARSER_FACTORY = new SqlParserImplFactory() {
    @Override
    public SqlAbstractParserImpl getParser(Reader stream) {
      BlazeSqlParserImpl parser = new BlazeSqlParserImpl(stream) {
        @Override
        public SqlNode parseSqlStmtEof() throws Exception {
          return BlazeStmtEof();
        }

        /** Some errors (e.g. 'SELEC 1') know their position but do not say it: add it. */
        @Override
        public SqlParseException normalizeException(Throwable ex) {
          SqlParseException e = super.normalizeException(ex);
          var pos = e.getPos();
          if (pos == null || pos.getLineNum() <= 0 || String.valueOf(e.getMessage()).contains(" line ")) {
            return e;
          }
          return new SqlParseException(e.getMessage() + " at line " + pos.getLineNum() + ", column "
              + pos.getColumnNum(), pos, e.getExpectedTokenSequences(), e.getTokenImages(), e.getCause());
        }
      };
      if (stream instanceof SourceStringReader source) { // as the generated FACTORY does
        parser.setOriginalSql(source.getSourceString());
      }
      return parser;
    }

    @Override
    public DdlExecutor getDdlExecutor() {
      return INSTANCE;
    }
  };

  /**
   * Writes the SQL of views. Calcite parses a view's SQL with its default parser settings, which
   * refuse '%' (LENIENT conformance only): it is written as MOD.
   */
  private static final SqlDialect VIEW_DIALECT = new CalciteSqlDialect(CalciteSqlDialect.DEFAULT_CONTEXT) {
    @Override
    public void unparseCall(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
      if (call.getOperator() == SqlStdOperatorTable.PERCENT_REMAINDER) {
        SqlStdOperatorTable.MOD.createCall(call.getParserPosition(), call.getOperandList())
            .unparse(writer, leftPrec, rightPrec);
        return;
      }
      super.unparseCall(writer, call, leftPrec, rightPrec);
    }
  };

  private BlazeDdlExecutor() {}

  /** Refuses all DDL on read-only connections, then runs it. */
  @Override
  public void executeDdl(CalcitePrepare.Context context, SqlNode node) {
    List<String> path = context.getDefaultSchemaPath();
    CalciteSchema schema = path.isEmpty() ? null : context.getRootSchema().getSubSchema(path.getFirst(), false);
    BlazeSchema blaze = schema == null ? null : schema.plus().unwrap(BlazeSchema.class);
    if (blaze != null) {
      blaze.permissions().checkWrite(node.getKind() == SqlKind.OTHER_DDL ? "DDL" : node.getKind().toString().replace('_', ' '));
    }
    super.executeDdl(context, node);
  }

  /** Executes CREATE TABLE; called through Calcite's reflective dispatch. */
  public void execute(SqlCreateTable create, CalcitePrepare.Context context) {
    BlazeSchema schema = schema(context, create.name);
    String name = Util.last(create.name.names);
    BlzDatabase db = schema.database();
    if (db.exists(name)) {
      if (create.ifNotExists) {
        return;
      }
      throw SqlUtil.newContextException(create.name.getParserPosition(), RESOURCE.tableExists(name));
    }
    if (create.query != null && create.columnList != null
        && !create.columnList.stream().allMatch(e -> e instanceof SqlIdentifier)) {
      throw new BlzException("CREATE TABLE " + create.name + " AS takes column names, not types or constraints");
    }
    DataShape shape = create.query == null
        ? shapeOfColumns(create, context)
        : shapeOfQuery(create, schema, context);
    List<TableKey> keys = keys(create, shape);
    try {
      db.createTable(name, new TableMeta(shape, BlzDatabase.DEFAULT_CHUNK_ROWS, keys));
    } catch (IllegalArgumentException e) {
      throw new BlzException("CREATE TABLE " + name + ": " + e.getMessage());
    }
    if (create.query != null) {
      try {
        insert(create.name, create.query, context);
      } catch (RuntimeException e) {
        db.dropTable(name); // CREATE TABLE ... AS SELECT is all or nothing
        throw e;
      }
    }
  }

  /**
   * The PRIMARY KEY and UNIQUE constraints of CREATE TABLE, their columns named as the table names
   * them. CHECK constraints and DEFAULT values are refused: BlazeDB does not apply them yet.
   */
  private static List<TableKey> keys(SqlCreateTable create, DataShape shape) {
    if (create.columnList == null) {
      return List.of();
    }
    List<String> names = ((RecordShape) ((ArrayShape) shape).element()).fields().stream()
        .map(RecordShape.Field::name).toList();
    List<TableKey> keys = new ArrayList<>();
    for (SqlNode element : create.columnList) {
      switch (element) {
        case SqlKeyConstraint key -> {
          SqlIdentifier name = (SqlIdentifier) key.getOperandList().get(0);
          List<String> columns = new ArrayList<>();
          for (SqlNode column : (SqlNodeList) key.getOperandList().get(1)) {
            columns.add(columnName(names, (SqlIdentifier) column, Util.last(create.name.names),
                "for " + (key.getKind() == SqlKind.PRIMARY_KEY ? "PRIMARY KEY" : "UNIQUE")));
          }
          keys.add(new TableKey(name == null ? null : name.getSimple(), key.getKind() == SqlKind.PRIMARY_KEY,
              columns));
        }
        case SqlCheckConstraint check -> throw new BlzException("CREATE TABLE " + create.name
            + ": CHECK constraints are not supported");
        case SqlColumnDeclaration column when column.strategy == ColumnStrategy.DEFAULT ->
            throw new BlzException("column '" + column.name + "': DEFAULT values are not supported");
        default -> {}
      }
    }
    return keys;
  }

  /** The table's name of a column named in a key or an index ({@code purpose}, for errors). */
  private static String columnName(List<String> names, SqlIdentifier column, String table, String purpose) {
    return names.stream().filter(n -> n.equalsIgnoreCase(column.getSimple())).findFirst()
        .orElseThrow(() -> new BlzException("table '" + table + "' has no column '" + column.getSimple() + "' "
            + purpose));
  }

  /**
   * Executes CREATE INDEX: checked and recorded; a UNIQUE index is enforced from then on, and the
   * table's rows must satisfy it already.
   */
  public void execute(SqlCreateIndex create, CalcitePrepare.Context context) {
    BlazeSchema schema = schema(context, create.name);
    String name = Util.last(create.name.names);
    if (schema.indexes().containsKey(name)) {
      if (create.ifNotExists) {
        return;
      }
      throw new BlzException("index '" + name + "' already exists");
    }
    String tableName = Util.last(create.table.names);
    if (!schema.database().exists(tableName)) {
      throw new BlzException("no table '" + tableName + "' to index");
    }
    BlzTable table = schema.database().table(tableName);
    List<String> columns = new ArrayList<>();
    for (SqlNode column : create.columns) {
      columns.add(columnName(table.layout().root().names(), (SqlIdentifier) column, tableName, "to index"));
    }
    IndexDefinition index = new IndexDefinition(create.unique, table.name(), columns);
    if (create.unique) {
      TableChange.checkKey(new BlazeTable(table), index.key(name));
    }
    schema.saveIndex(name, index);
  }

  /** Executes DROP INDEX, and DROP TRIGGER, of which there are none (CREATE TRIGGER is refused). */
  public void execute(SqlDropNamed drop, CalcitePrepare.Context context) {
    String name = Util.last(drop.name.names);
    boolean existed = drop.getOperator() == SqlDropNamed.INDEX && schema(context, drop.name).dropIndex(name);
    if (!existed && !drop.ifExists) {
      throw new BlzException("no " + (drop.getOperator() == SqlDropNamed.INDEX ? "index" : "trigger") + " '"
          + name + "'");
    }
  }

  /** Executes REINDEX: BlazeDB keeps no index structures to rebuild, so it checks the name. */
  public void execute(SqlReindex reindex, CalcitePrepare.Context context) {
    BlazeSchema schema = schema(context, reindex.name);
    String name = Util.last(reindex.name.names);
    if (!schema.indexes().containsKey(name) && !schema.database().exists(name)) {
      throw new BlzException("no index or table '" + name + "' to reindex");
    }
  }

  /** Refuses CREATE TRIGGER by name rather than with a parse error. */
  public void execute(SqlCreateTrigger create, CalcitePrepare.Context context) {
    throw new BlzException("CREATE TRIGGER " + create.name + ": triggers are not supported by BlazeDB");
  }

  /** Executes DROP TABLE and DROP VIEW of BLZ objects; other DROPs are Calcite's. */
  @Override
  public void execute(SqlDropObject drop, CalcitePrepare.Context context) {
    if (drop.getKind() != SqlKind.DROP_TABLE && drop.getKind() != SqlKind.DROP_VIEW) {
      super.execute(drop, context);
      return;
    }
    BlazeSchema schema = schema(context, drop.name);
    String name = Util.last(drop.name.names);
    boolean existed;
    if (drop.getKind() == SqlKind.DROP_TABLE) {
      existed = schema.database().exists(name);
      if (existed) {
        schema.database().dropTable(name);
        schema.indexes().forEach((index, definition) -> {
          if (definition.table().equals(name)) {
            schema.dropIndex(index);
          }
        });
      }
    } else {
      existed = schema.dropView(name);
    }
    if (!existed && !drop.ifExists) {
      throw SqlUtil.newContextException(drop.name.getParserPosition(), drop.getKind() == SqlKind.DROP_TABLE
          ? RESOURCE.tableNotFound(name) : RESOURCE.viewNotFound(name));
    }
  }

  /** Executes CREATE [OR REPLACE] VIEW: the query is validated, then its SQL is stored. */
  @Override
  public void execute(SqlCreateView create, CalcitePrepare.Context context) {
    BlazeSchema schema = schema(context, create.name);
    String name = Util.last(create.name.names);
    if (schema.views().containsKey(name) && !create.getReplace()) {
      throw SqlUtil.newContextException(create.name.getParserPosition(), RESOURCE.viewExists(name));
    }
    if (schema.database().exists(name)) {
      throw SqlUtil.newContextException(create.name.getParserPosition(), RESOURCE.tableExists(name));
    }
    String sql = renamed(create.columnList, create.query).toSqlString(VIEW_DIALECT).getSql();
    schema.viewMacro(name, sql).apply(List.of()); // validates the query
    schema.saveView(name, sql);
  }

  private static DataShape shapeOfColumns(SqlCreateTable create, CalcitePrepare.Context context) {
    if (create.columnList == null) {
      throw SqlUtil.newContextException(create.name.getParserPosition(), RESOURCE.createTableRequiresColumnList());
    }
    SqlValidator validator = new org.apache.calcite.jdbc.ContextSqlValidator(context, true);
    List<RecordShape.Field> fields = new ArrayList<>();
    for (SqlNode column : create.columnList) {
      if (column instanceof SqlKeyConstraint || column instanceof SqlCheckConstraint) {
        continue; // see keys()
      }
      if (!(column instanceof SqlColumnDeclaration d)) {
        throw SqlUtil.newContextException(column.getParserPosition(),
            RESOURCE.createTableRequiresColumnTypes(column.toString()));
      }
      RelDataType type = d.dataType.deriveType(validator, true);
      if (SqlTypeUtil.inCharFamily(type)) {
        // As in DuckDB and SQLite, CHAR(n) and VARCHAR(n) hold strings of any length: Calcite would
        // otherwise cut longer values to n characters without a word.
        type = context.getTypeFactory().createTypeWithNullability(
            context.getTypeFactory().createSqlType(SqlTypeName.VARCHAR), type.isNullable());
      }
      try {
        fields.add(new RecordShape.Field(d.name.getSimple(), TypeMapping.dataShape(type)));
      } catch (IllegalArgumentException e) {
        throw new BlzException("column '" + d.name.getSimple() + "': " + e.getMessage());
      }
    }
    return ArrayShape.varOf(new RecordShape(fields));
  }

  /**
   * The DataShape of the query's rows: a query that returns a BLZ table whole keeps its DataShape
   * (categoricals, json, unsigned types); otherwise it is derived from the SQL row type.
   */
  private static DataShape shapeOfQuery(SqlCreateTable create, BlazeSchema schema, CalcitePrepare.Context context) {
    RelNode rel = toRel(renamed(create.columnList, create.query), context);
    BlazeTable source = wholeTable(rel);
    if (source != null && create.columnList == null) {
      return source.blz().shape();
    }
    List<RecordShape.Field> fields = new ArrayList<>();
    for (RelDataTypeField f : rel.getRowType().getFieldList()) {
      fields.add(new RecordShape.Field(f.getName(), TypeMapping.dataShape(f.getType())));
    }
    return ArrayShape.varOf(new RecordShape(fields));
  }

  /**
   * The BLZ table the query returns unchanged, or null. Between the result and the scan there may
   * only be projections that move columns around (Calcite flattens records and puts them back
   * together), and the result must have the table's row type.
   */
  private static BlazeTable wholeTable(RelNode rel) {
    RelDataType resultType = rel.getRowType();
    while (rel instanceof Project project && project.getProjects().stream().allMatch(BlazeDdlExecutor::movesOnly)) {
      rel = project.getInput();
    }
    if (!(rel instanceof TableScan scan)) {
      return null;
    }
    BlazeTable blaze = scan.getTable().unwrap(BlazeTable.class);
    return blaze != null && resultType.equals(scan.getTable().getRowType()) ? blaze : null;
  }

  private static boolean movesOnly(RexNode e) {
    return e instanceof RexInputRef
        || e instanceof org.apache.calcite.rex.RexFieldAccess access && movesOnly(access.getReferenceExpr())
        || e instanceof org.apache.calcite.rex.RexCall call && call.getKind() == SqlKind.ROW
            && call.getOperands().stream().allMatch(BlazeDdlExecutor::movesOnly);
  }

  private static RelNode toRel(SqlNode query, CalcitePrepare.Context context) {
    Planner planner = planner(context);
    try {
      return planner.rel(planner.validate(planner.parse(query.toSqlString(CalciteSqlDialect.DEFAULT).getSql()))).rel;
    } catch (Exception e) {
      throw Util.throwAsRuntime(e);
    }
  }

  /** Runs INSERT INTO name query as one statement: one commit. */
  private static void insert(SqlIdentifier name, SqlNode query, CalcitePrepare.Context context) {
    Planner planner = planner(context);
    String sql = "INSERT INTO " + name.toSqlString(CalciteSqlDialect.DEFAULT).getSql() + " "
        + query.toSqlString(CalciteSqlDialect.DEFAULT).getSql();
    try (PreparedStatement insert = context.getRelRunner()
        .prepareStatement(planner.rel(planner.validate(planner.parse(sql))).rel)) {
      insert.executeUpdate();
    } catch (SQLException e) {
      throw Util.throwAsRuntime(e.getCause() != null ? e.getCause() : e);
    } catch (Exception e) {
      throw Util.throwAsRuntime(e);
    }
  }

  private static Planner planner(CalcitePrepare.Context context) {
    // The mutable root, not the statement's snapshot: the snapshot caches the table names it saw
    // first, so the INSERT of CREATE TABLE ... AS would not find the table just created.
    FrameworkConfig config = Frameworks.newConfigBuilder()
        .defaultSchema(context.getMutableRootSchema().plus().getSubSchema(context.getDefaultSchemaPath().getFirst()))
        .typeSystem(context.getTypeFactory().getTypeSystem())
        .parserConfig(org.apache.calcite.sql.parser.SqlParser.config()
            .withCaseSensitive(context.config().caseSensitive())
            .withUnquotedCasing(context.config().unquotedCasing())
            .withQuotedCasing(context.config().quotedCasing())
            .withConformance(context.config().conformance()))
        .build();
    return Frameworks.getPlanner(config);
  }

  private static SqlNode renamed(SqlNodeList columns, SqlNode query) {
    if (columns == null) {
      return query;
    }
    var pos = query.getParserPosition();
    List<SqlNode> operands = new ArrayList<>();
    operands.add(query);
    operands.add(new SqlIdentifier("_", pos));
    columns.forEach(operands::add);
    var from = org.apache.calcite.sql.fun.SqlStdOperatorTable.AS.createCall(pos, operands);
    return new org.apache.calcite.sql.SqlSelect(pos, null, SqlNodeList.SINGLETON_STAR, from, null, null, null, null,
        null, null, null, null, null);
  }

  private static org.apache.calcite.schema.SchemaPlus schemaPlus(CalcitePrepare.Context context, SqlIdentifier id) {
    List<String> path = id.isSimple() ? context.getDefaultSchemaPath() : Util.skipLast(id.names);
    CalciteSchema schema = context.getRootSchema();
    for (String p : path) {
      schema = schema.getSubSchema(p, context.config().caseSensitive());
      if (schema == null) {
        throw new BlzException("no schema '" + p + "'");
      }
    }
    return schema.plus();
  }

  private static BlazeSchema schema(CalcitePrepare.Context context, SqlIdentifier id) {
    BlazeSchema schema = schemaPlus(context, id).unwrap(BlazeSchema.class);
    if (schema == null) {
      throw new BlzException("'" + id + "' is not in a BlazeDB schema");
    }
    return schema;
  }
}
