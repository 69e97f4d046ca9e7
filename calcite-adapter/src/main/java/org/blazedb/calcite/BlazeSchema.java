package org.blazedb.calcite;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.ViewTable;
import org.blazedb.storage.blz.BlzDatabase;
import org.blazedb.storage.blz.BlzException;

/**
 * A BLZ database as a Calcite schema: its tables, its views (kept as SQL text in {@code .views/}),
 * and the file-reading table functions {@code read_json} and {@code read_csv}. Nothing is cached:
 * every lookup sees the tables other connections created or dropped.
 */
public final class BlazeSchema extends AbstractSchema {
  private static final String VIEWS_DIR = ".views";
  private static final String VIEW_SUFFIX = ".sql";

  private final BlzDatabase db;
  private final String name;
  private SchemaPlus self;

  public BlazeSchema(BlzDatabase db, String name) {
    this.db = db;
    this.name = name;
  }

  /** Adds the schema under {@code parent}, uncached, and returns it there. */
  public SchemaPlus addTo(SchemaPlus parent) {
    self = parent.add(name, this);
    self.setCacheEnabled(false);
    return self;
  }

  public BlzDatabase database() {
    return db;
  }

  @Override
  protected Map<String, Table> getTableMap() {
    Map<String, Table> tables = new LinkedHashMap<>();
    for (String table : db.tableNames()) {
      tables.put(table, new BlazeTable(db.table(table)));
    }
    return tables;
  }

  @Override
  protected Multimap<String, Function> getFunctionMultimap() {
    ImmutableMultimap.Builder<String, Function> functions = ImmutableMultimap.builder();
    FileTableFunctions.register(functions);
    views().forEach((view, sql) -> functions.put(view,
        ViewTable.viewMacro(self, sql, List.of(name), List.of(name, view), false)));
    return functions.build();
  }

  @Override
  public boolean isMutable() {
    return true;
  }

  /** The views, name to SQL. */
  Map<String, String> views() {
    Path dir = db.dir().resolve(VIEWS_DIR);
    Map<String, String> views = new LinkedHashMap<>();
    if (!Files.isDirectory(dir)) {
      return views;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String file = f.getFileName().toString();
        if (file.endsWith(VIEW_SUFFIX)) {
          views.put(file.substring(0, file.length() - VIEW_SUFFIX.length()), Files.readString(f));
        }
      }
    } catch (IOException e) {
      throw new BlzException("cannot read the views of " + db.dir() + ": " + e.getMessage(), e);
    }
    return views;
  }

  void saveView(String view, String sql) {
    Path dir = db.dir().resolve(VIEWS_DIR);
    try {
      Files.createDirectories(dir);
      Path temp = dir.resolve(view + VIEW_SUFFIX + ".tmp");
      Files.writeString(temp, sql);
      Files.move(temp, dir.resolve(view + VIEW_SUFFIX), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new BlzException("cannot save view '" + view + "': " + e.getMessage(), e);
    }
  }

  /** Deletes a view; false if there was none. */
  boolean dropView(String view) {
    try {
      return Files.deleteIfExists(db.dir().resolve(VIEWS_DIR).resolve(view + VIEW_SUFFIX));
    } catch (IOException e) {
      throw new BlzException("cannot drop view '" + view + "': " + e.getMessage(), e);
    }
  }
}
