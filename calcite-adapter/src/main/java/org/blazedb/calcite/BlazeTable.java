package org.blazedb.calcite;

import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.AbstractQueryableTable;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.linq4j.Queryable;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ModifiableTable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.TranslatableTable;
import org.blazedb.storage.blz.BlzException;
import org.blazedb.storage.blz.BlzTable;
import org.blazedb.storage.blz.RowReader;
import org.blazedb.storage.blz.TableAppender;
import org.blazedb.storage.blz.TableSnapshot;

/**
 * A BLZ table as Calcite sees it: scanned by {@link BlazeTableScan} (only the projected columns are
 * read), appended to by {@link BlazeTableModify} (one commit per statement).
 */
public final class BlazeTable extends AbstractQueryableTable implements TranslatableTable, ModifiableTable {
  private final BlzTable table;

  BlazeTable(BlzTable table) {
    super(Object[].class);
    this.table = table;
  }

  public BlzTable blz() {
    return table;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    return TypeMapping.rowType(typeFactory, table.shape());
  }

  @Override
  public Statistic getStatistic() {
    return Statistics.of(table.snapshot().rows(), List.of());
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    int[] all = java.util.stream.IntStream.range(0, table.layout().root().children().size()).toArray();
    return new BlazeTableScan(context.getCluster(), relOptTable, this, all);
  }

  /**
   * The rows of the newest committed state, holding the given top-level fields in that order (a
   * bare value instead of an array when there is one field). Called by generated code.
   */
  public Enumerable<Object> scan(DataContext root, int[] fields) {
    TableSnapshot snapshot = table.snapshot();
    if (fields.length == 0) {
      return Linq4j.asEnumerable(java.util.Collections.nCopies(Math.toIntExact(snapshot.rows()), new Object[0]));
    }
    List<String> paths = java.util.Arrays.stream(fields)
        .mapToObj(f -> table.layout().root().children().get(f).path()).distinct().toList();
    return new AbstractEnumerable<>() {
      @Override
      public Enumerator<Object> enumerator() {
        return new RowEnumerator(snapshot.rowReader(paths, new CalciteValues(fields)));
      }
    };
  }

  /** Appends the rows (full rows, in column order) in one commit; returns how many. */
  public long insert(Enumerable<Object[]> rows) {
    try (TableAppender appender = table.appender(); Enumerator<Object[]> e = rows.enumerator()) {
      SqlRowWriter writer = new SqlRowWriter(appender);
      while (e.moveNext()) {
        writer.write(e.current());
      }
      long count = appender.pendingRows();
      appender.commit();
      return count;
    }
  }

  @Override
  public TableModify toModificationRel(RelOptCluster cluster, RelOptTable table, Prepare.CatalogReader catalogReader,
      RelNode child, TableModify.Operation operation, List<String> updateColumnList,
      List<RexNode> sourceExpressionList, boolean flattened) {
    if (operation != TableModify.Operation.INSERT) {
      throw new BlzException(operation + " is not supported on BLZ tables yet (table '" + this.table.name()
          + "'): only INSERT");
    }
    return new BlazeTableModify(cluster, cluster.traitSet(), table, catalogReader, child, flattened);
  }

  /** Not used: inserts go through {@link #insert}, which commits once per statement. */
  @Override
  public Collection<?> getModifiableCollection() {
    throw new UnsupportedOperationException("BLZ tables are modified through BlazeTableModify");
  }

  @Override
  public <T> Queryable<T> asQueryable(QueryProvider queryProvider, SchemaPlus schema, String tableName) {
    throw new UnsupportedOperationException("BLZ tables are scanned through BlazeTableScan");
  }

  @Override
  public Type getElementType() {
    return Object[].class;
  }

  /** Walks a {@link RowReader}; closing it frees its off-heap buffers. */
  private static final class RowEnumerator implements Enumerator<Object> {
    private final RowReader<Object> reader;
    private Object current;

    RowEnumerator(RowReader<Object> reader) {
      this.reader = reader;
    }

    @Override
    public Object current() {
      return current;
    }

    @Override
    public boolean moveNext() {
      if (!reader.hasNext()) {
        return false;
      }
      current = reader.next();
      return true;
    }

    @Override
    public void reset() {
      throw new UnsupportedOperationException("a scan cannot be restarted");
    }

    @Override
    public void close() {
      reader.close();
    }
  }
}
