package org.blazedb.calcite;

import com.google.common.base.Supplier;
import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Schemas;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.TableMacro;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.schema.impl.ViewTableMacro;
import org.apache.calcite.schema.lookup.CompatibilityLookup;
import org.apache.calcite.schema.lookup.Lookup;
import org.apache.calcite.rel.type.RelProtoDataType;
import org.apache.calcite.sql.type.SqlTypeName;
import org.blazedb.storage.blz.BlzDatabase;
import org.blazedb.storage.blz.TableKey;

/**
 * A BLZ database as a Calcite schema: its tables, its views (kept as SQL text in {@code .views/}),
 * and the file-reading table functions {@code read_json} and {@code read_csv}. Nothing is cached:
 * every lookup sees the tables other connections created or dropped.
 */
public final class BlazeSchema extends AbstractSchema {

  private final BlzDatabase db;
  private final Permissions permissions;
  private final ExecutionOptions options;
  private final Definitions views;
  private final Definitions indexes;
  private final PlanCache plans = new PlanCache(this);
  /** TEXT, the name SQLite and PostgreSQL give unbounded strings, is VARCHAR. */
  private static final RelProtoDataType TEXT = factory -> factory.createSqlType(SqlTypeName.VARCHAR);

  private final String name;
  private SchemaPlus self;
  private CalciteConnection connection;
  private final Lookup<Table> tables = new CompatibilityLookup<>(this::table, this::tableNames);

  public BlazeSchema(BlzDatabase db, String name) {
    this(db, name, Permissions.ALL, ExecutionOptions.DEFAULT);
  }

  public BlazeSchema(BlzDatabase db, String name, Permissions permissions, ExecutionOptions options) {
    this.db = db;
    this.permissions = permissions;
    this.options = options;
    this.views = new Definitions(db.dir().resolve(".views"), "view");
    this.indexes = new Definitions(db.dir().resolve(".indexes"), "index");
    this.name = name;
  }

  /**
   * Adds the schema to the connection's root schema, uncached, and returns it there. Its views
   * are analyzed with the connection's SQL settings (conformance, case sensitivity, ...).
   */
  public SchemaPlus addTo(CalciteConnection connection) {
    this.connection = connection;
    return addTo(connection.getRootSchema());
  }

  /** Adds the schema under {@code parent}, uncached, and returns it there. */
  public SchemaPlus addTo(SchemaPlus parent) {
    // Calcite looks up type names that are not SQL's in the root schema.
    parent.add("TEXT", TEXT);
    ScalarFunctions.addTo(parent);
    self = parent.add(name, this);
    // Calcite (1.41) disables only the lookup caches that exist when caching is turned off; one
    // created later caches the table names for good. Create them first.
    self.tables();
    self.subSchemas();
    self.setCacheEnabled(false);
    return self;
  }

  public BlzDatabase database() {
    return db;
  }

  /** The plans of this connection's queries. */
  PlanCache plans() {
    return plans;
  }

  /** A value that changes whenever a table, a view or an index changes (see {@link BlzDatabase#version}). */
  Object version() {
    return List.of(db.version(), views.all(), indexes.all());
  }

  Permissions permissions() {
    return permissions;
  }

  // Views are tables here, not the nullary functions Calcite usually makes of them: DatabaseMetaData
  // lists such functions whatever the table name pattern asked for. Each lookup builds one table.
  @Override
  public Lookup<Table> tables() {
    return tables;
  }

  private Table table(String table) {
    if (db.exists(table)) {
      return new BlazeTable(db.table(table), uniqueIndexes(table), permissions, options);
    }
    String sql = views().get(table);
    return sql == null ? null : new LazyView(() -> viewMacro(table, sql).apply(List.of()));
  }

  private Set<String> tableNames() {
    Set<String> names = new LinkedHashSet<>(db.tableNames());
    names.addAll(views().keySet());
    return names;
  }

  @Override
  protected Multimap<String, Function> getFunctionMultimap() {
    ImmutableMultimap.Builder<String, Function> functions = ImmutableMultimap.builder();
    FileTableFunctions.register(functions, permissions);
    return functions.build();
  }

  /** The view {@code view} defined by {@code sql}. */
  TableMacro viewMacro(String view, String sql) {
    return new ViewMacro(view, sql);
  }

  /**
   * Calcite's ViewTableMacro validates a view on a connection of its own with default settings
   * (case-sensitive, standard conformance: GROUP BY an alias is refused); this one validates with
   * the schema's connection. (Calcite parses view SQL with default settings still: see the view
   * dialect of BlazeDdlExecutor.)
   */
  private final class ViewMacro extends ViewTableMacro {
    ViewMacro(String view, String sql) {
      super(CalciteSchema.from(self), sql, List.of(name), List.of(name, view), false);
    }

    @Override
    public TranslatableTable apply(List<? extends Object> arguments) {
      if (connection == null) {
        return super.apply(arguments);
      }
      CalcitePrepare.AnalyzeViewResult parsed =
          Schemas.analyzeView(connection, schema, schemaPath, viewSql, viewPath, false);
      return viewTable(parsed, viewSql, List.of(name), viewPath);
    }
  }

  /**
   * A view analyzed (its SQL parsed and validated) only when a statement reads it. Calcite builds
   * every table of the schema on a statement's first lookup by name; analyzing every view there
   * cost a third of planning TPC-H Q6 once the database had one view.
   */
  private static final class LazyView extends AbstractTable implements TranslatableTable {
    private final Supplier<TranslatableTable> view;

    LazyView(Supplier<TranslatableTable> analyze) {
      this.view = Suppliers.memoize(analyze::get);
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
      return view.get().getRowType(typeFactory);
    }

    @Override
    public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
      return view.get().toRel(context, relOptTable);
    }

    @Override
    public Statistic getStatistic() {
      return view.get().getStatistic();
    }

    @Override
    public Schema.TableType getJdbcTableType() {
      return Schema.TableType.VIEW;
    }
  }

  @Override
  public boolean isMutable() {
    return true;
  }

  /** The views, name to SQL. */
  Map<String, String> views() {
    return views.all();
  }

  void saveView(String view, String sql) {
    views.save(view, sql);
  }

  /** Deletes a view; false if there was none. */
  boolean dropView(String view) {
    return views.drop(view);
  }

  /** The indexes by name. */
  Map<String, IndexDefinition> indexes() {
    Map<String, IndexDefinition> all = new java.util.LinkedHashMap<>();
    indexes.all().forEach((index, text) -> all.put(index, IndexDefinition.parse(index, text)));
    return all;
  }

  void saveIndex(String index, IndexDefinition definition) {
    indexes.save(index, definition.toString());
  }

  /** Deletes an index; false if there was none. */
  boolean dropIndex(String index) {
    return indexes.drop(index);
  }

  /** The keys the UNIQUE indexes of {@code table} enforce. */
  private List<TableKey> uniqueIndexes(String table) {
    List<TableKey> keys = new java.util.ArrayList<>();
    indexes().forEach((index, definition) -> {
      if (definition.unique() && definition.table().equals(table)) {
        keys.add(definition.key(index));
      }
    });
    return keys;
  }

}
