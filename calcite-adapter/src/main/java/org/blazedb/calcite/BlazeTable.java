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
import org.apache.calcite.util.ImmutableBitSet;
import org.blazedb.storage.blz.BlzTable;
import org.blazedb.storage.blz.RowReader;
import org.blazedb.storage.blz.TableKey;
import org.blazedb.storage.blz.TableSnapshot;

/**
 * A BLZ table as Calcite sees it: scanned by {@link BlazeTableScan} (only the projected columns are
 * read), changed by {@link TableChange} (one commit per statement).
 */
public final class BlazeTable extends AbstractQueryableTable implements TranslatableTable, ModifiableTable {
  private final BlzTable table;
  private final List<TableKey> uniqueIndexes;
  private final Permissions permissions;
  private final ExecutionOptions options;

  BlazeTable(BlzTable table) {
    this(table, List.of(), Permissions.ALL, ExecutionOptions.DEFAULT);
  }

  BlazeTable(BlzTable table, List<TableKey> uniqueIndexes, Permissions permissions, ExecutionOptions options) {
    super(Object[].class);
    this.table = table;
    this.uniqueIndexes = List.copyOf(uniqueIndexes);
    this.permissions = permissions;
    this.options = options;
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
    // Keys tell the planner which joins find at most one row (it orders joins by that).
    List<String> names = table.layout().root().names();
    List<ImmutableBitSet> keys = keys().stream()
        .map(k -> ImmutableBitSet.of(k.columns().stream().mapToInt(names::indexOf).toArray()))
        .toList();
    return Statistics.of(table.snapshot().rows(), keys);
  }

  @Override
  public <C> C unwrap(Class<C> aClass) {
    if (aClass == org.apache.calcite.rel.metadata.BuiltInMetadata.DistinctRowCount.Handler.class) {
      return aClass.cast(new DistinctValues(this));
    }
    if (aClass == org.apache.calcite.rel.metadata.BuiltInMetadata.Selectivity.Handler.class) {
      return aClass.cast(new FilterSelectivity(new DistinctValues(this)));
    }
    return super.unwrap(aClass);
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    return new BlazeTableScan(context.getCluster(), relOptTable, this,
        ScanSpec.allOf(table.layout().root().children().size()));
  }

  /**
   * The rows of the newest committed state that {@code spec} asks for: its fields in order (a bare
   * value instead of an array when there is one), from the chunks its zone predicates allow.
   * Called by generated code; the query's cancel flag and timeout in {@code root} stop the scan.
   */
  public Enumerable<Object> scan(DataContext root, ScanSpec spec) {
    return Stopping.wrap(root, scan(spec));
  }

  /** The rows {@code spec} asks for (see {@link #scan(DataContext, ScanSpec)}), not stoppable. */
  Enumerable<Object> scan(ScanSpec spec) {
    List<String> paths = spec.paths() != null ? spec.paths() : java.util.Arrays.stream(spec.fields())
        .mapToObj(f -> table.layout().root().children().get(f).path()).distinct().toList();
    // The snapshot is taken when the rows are first walked (a change reads its input under its
    // lock), then kept: a correlated subquery walks them again for every outer row.
    return new AbstractEnumerable<>() {
      private TableSnapshot snapshot;

      @Override
      public Enumerator<Object> enumerator() {
        if (snapshot == null) {
          snapshot = table.snapshot();
        }
        List<long[]> ranges = rowRanges(snapshot, spec.zone());
        if (spec.fields().length == 0) {
          long rows = ranges.stream().mapToLong(r -> r[1] - r[0]).sum();
          return Linq4j.enumerator(java.util.Collections.nCopies(Math.toIntExact(rows), new Object[0]));
        }
        return new RowEnumerator(snapshot.rowReader(paths, new CalciteValues(spec.fields())), ranges);
      }
    };
  }

  /** The fraction of chunks the zone predicates let through (1 when there are none). */
  double chunkFraction(List<ZonePredicate> zone) {
    if (zone.isEmpty()) {
      return 1;
    }
    TableSnapshot snapshot = table.snapshot();
    int total = snapshot.chunks(zone.getFirst().path()).size();
    return total == 0 ? 1 : (double) chunksToRead(snapshot, zone).cardinality() / total;
  }

  /** Row ranges [start, end) of the chunks to read, in order. */
  private static List<long[]> rowRanges(TableSnapshot snapshot, List<ZonePredicate> zone) {
    if (zone.isEmpty()) {
      return List.of(new long[] {0, snapshot.rows()});
    }
    // Columns of the top-level rows are chunked alike, so one column's chunks give the row ranges.
    List<org.blazedb.storage.blz.ChunkMeta> chunks = snapshot.chunks(zone.getFirst().path());
    java.util.BitSet read = chunksToRead(snapshot, zone);
    List<long[]> ranges = new java.util.ArrayList<>();
    long start = 0;
    for (int i = 0; i < chunks.size(); i++) {
      long end = start + chunks.get(i).rows();
      if (read.get(i)) {
        if (!ranges.isEmpty() && ranges.getLast()[1] == start) {
          ranges.getLast()[1] = end;
        } else {
          ranges.add(new long[] {start, end});
        }
      }
      start = end;
    }
    return ranges;
  }

  /** The chunk numbers the zone predicates let through; {@code path} names any top-level column. */
  static int[] chunksToRead(TableSnapshot snapshot, List<ZonePredicate> zone, String path) {
    return zone.isEmpty() ? java.util.stream.IntStream.range(0, snapshot.chunks(path).size()).toArray()
        : chunksToRead(snapshot, zone).stream().toArray();
  }

  private static java.util.BitSet chunksToRead(TableSnapshot snapshot, List<ZonePredicate> zone) {
    java.util.BitSet read = null;
    for (ZonePredicate p : zone) {
      java.util.BitSet matching = new java.util.BitSet();
      for (int chunk : snapshot.chunksToScan(p.path(), p::mayMatch)) {
        matching.set(chunk);
      }
      if (read == null) {
        read = matching;
      } else {
        read.and(matching);
      }
    }
    return read;
  }

  Permissions permissions() {
    return permissions;
  }

  ExecutionOptions options() {
    return options;
  }

  /** The table's PRIMARY KEY and UNIQUE constraints, unique indexes included. */
  List<TableKey> keys() {
    List<TableKey> keys = new java.util.ArrayList<>(table.keys());
    keys.addAll(uniqueIndexes);
    return keys;
  }

  @Override
  public TableModify toModificationRel(RelOptCluster cluster, RelOptTable table, Prepare.CatalogReader catalogReader,
      RelNode child, TableModify.Operation operation, List<String> updateColumnList,
      List<RexNode> sourceExpressionList, boolean flattened) {
    // Calcite asks only for INSERT here; UPDATE and DELETE come as LogicalTableModify (BlazeRules).
    return new BlazeTableModify(cluster, cluster.traitSet(), table, catalogReader, child, TableChange.Kind.INSERT,
        flattened);
  }

  /** Not used: changes go through {@link TableChange}, which commits once per statement. */
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

  /** Walks a {@link RowReader} over row ranges; closing it frees its off-heap buffers. */
  private static final class RowEnumerator implements Enumerator<Object> {
    private final RowReader<Object> reader;
    private final List<long[]> ranges;
    private int range = -1;
    private long row;
    private long end;
    private Object current;

    RowEnumerator(RowReader<Object> reader, List<long[]> ranges) {
      this.reader = reader;
      this.ranges = ranges;
    }

    @Override
    public Object current() {
      return current;
    }

    @Override
    public boolean moveNext() {
      if (row < end) {
        current = reader.next();
        row++;
        return true;
      }
      // The next range starts after skipped chunks: seek there.
      while (++range < ranges.size()) {
        row = ranges.get(range)[0];
        end = ranges.get(range)[1];
        if (row < end) {
          current = reader.read(row);
          row++;
          return true;
        }
      }
      return false;
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
