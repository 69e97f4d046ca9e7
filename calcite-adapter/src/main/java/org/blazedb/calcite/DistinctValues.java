package org.blazedb.calcite;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.util.ImmutableBitSet;
import org.blazedb.storage.blz.ChunkMeta;
import org.blazedb.storage.blz.ColumnNode;
import org.blazedb.storage.blz.RowReader;
import org.blazedb.storage.blz.TableSnapshot;

/**
 * How many distinct values columns of a BLZ table hold: an integer column (dates and decimals
 * too) at most {@code max - min + 1} of its chunks' min/max, a key as many as there are rows, any
 * other column what a sample of its values suggests ({@link #sampled}).
 * Calcite's join ordering (LoptOptimizeJoinRule) adds next the table whose join key has the most
 * distinct values; without estimates it joined TPC-H's customer and supplier on their 25 nation
 * keys (60 million rows at SF1) before orders.
 */
final class DistinctValues implements BuiltInMetadata.DistinctRowCount.Handler {
  /** Rows read to estimate the distinct values of a column that is not an integer. */
  private static final int SAMPLE_ROWS = 4096;
  /** Chunks the sample is read from: reading a row of one decodes all of it. */
  private static final int SAMPLE_CHUNKS = 4;
  /**
   * Estimates from samples, by table folder, version, column and the checksums of its first and
   * last chunks (a table dropped and made again starts its versions again); the latest ones kept.
   */
  private static final Map<String, Double> SAMPLED = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Double> eldest) {
      return size() > 4096;
    }
  };

  private final BlazeTable table;
  /** The table's state these estimates are of, listed once (it is a directory listing). */
  private TableSnapshot snapshot;

  DistinctValues(BlazeTable table) {
    this.table = table;
  }

  TableSnapshot snapshot() {
    if (snapshot == null) {
      snapshot = table.blz().snapshot();
    }
    return snapshot;
  }

  @Override
  public Double getDistinctRowCount(RelNode rel, RelMetadataQuery mq, ImmutableBitSet groupKey, RexNode predicate) {
    if (groupKey.isEmpty()) { // as Calcite's catch-all answers, which this handler replaces for BLZ tables
      return predicate == null || predicate.isAlwaysTrue() ? 1D : null;
    }
    if (!(rel instanceof TableScan)) {
      return null;
    }
    int[] fields = rel instanceof BlazeTableScan scan ? scan.fields : null;
    double rows = snapshot().rows();
    List<Integer> columns = groupKey.asList().stream().map(k -> fields == null ? k : fields[k]).toList();
    List<String> names = table.blz().layout().root().names();
    boolean key = table.keys().stream().anyMatch(k -> columns.stream().map(names::get).toList().containsAll(k.columns()));
    double distinct = key ? rows : 1;
    boolean unknown = false;
    if (!key) {
      for (int column : columns) {
        Double values = ofColumn(column);
        unknown |= values == null;
        distinct *= values == null ? 1 : values;
      }
    }
    if (unknown && distinct < rows) { // a column without estimate may add distinct combinations
      return null;
    }
    distinct = Math.min(distinct, rows);
    return predicate == null ? distinct : RelMdUtil.numDistinctVals(distinct, rows * RelMdUtil.guessSelectivity(predicate));
  }

  /**
   * The distinct values of one top-level column: of an integer column the size of its min..max
   * range, of another an estimate from a sample of its rows; null for a nested column.
   */
  Double ofColumn(int column) {
    double rows = snapshot().rows();
    double[] range = range(column);
    if (range != null && integral(column)) {
      return Math.min(rows, range[1] - range[0] + 1);
    }
    if (!(table.blz().layout().root().children().get(column) instanceof ColumnNode.Leaf leaf)) {
      return null;
    }
    List<ChunkMeta> chunks = snapshot().chunks(leaf.path());
    String key = table.blz().dir().toAbsolutePath() + "@" + snapshot().manifest().version() + "/" + leaf.path()
        + (chunks.isEmpty() ? "" : "#" + chunks.getFirst().crc32c() + "#" + chunks.getLast().crc32c());
    synchronized (SAMPLED) {
      Double known = SAMPLED.get(key);
      if (known != null) {
        return known;
      }
    }
    double estimate = Math.min(rows, sampled(snapshot(), leaf.path()));
    synchronized (SAMPLED) {
      SAMPLED.put(key, estimate);
    }
    return estimate;
  }

  /** The smallest and largest value of a top-level number or date column, or null when unknown. */
  double[] range(int column) {
    if (!(table.blz().layout().root().children().get(column) instanceof ColumnNode.Leaf leaf)) {
      return null;
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (ChunkMeta chunk : snapshot().chunks(leaf.path())) {
      if (chunk.rows() == chunk.nullCount()) {
        continue;
      }
      if (!(chunk.min() instanceof Number low) || !(chunk.max() instanceof Number high)) {
        return null;
      }
      min = Math.min(min, low.doubleValue());
      max = Math.max(max, high.doubleValue());
    }
    return min > max ? null : new double[] {min, max};
  }

  private boolean integral(int column) {
    List<ChunkMeta> chunks = snapshot().chunks(
        ((ColumnNode.Leaf) table.blz().layout().root().children().get(column)).path());
    return chunks.stream().allMatch(c -> c.min() == null || c.min() instanceof Long);
  }

  /**
   * Distinct values estimated from {@link #SAMPLE_ROWS} rows spread over a few chunks (reading
   * each chunk costs its whole decoding), by the GEE estimator (Charikar et al., PODS 2000): the
   * values seen twice or more, plus those seen once scaled by the square root of the table's rows
   * over the sample's, since each may stand for many unseen.
   */
  private static double sampled(TableSnapshot snapshot, String path) {
    List<ChunkMeta> chunks = snapshot.chunks(path);
    long[] firstRow = new long[chunks.size() + 1];
    for (int c = 0; c < chunks.size(); c++) {
      firstRow[c + 1] = firstRow[c] + chunks.get(c).rows();
    }
    int read = Math.min(chunks.size(), SAMPLE_CHUNKS);
    Map<Object, Integer> counts = new HashMap<>();
    long sample = 0;
    try (RowReader<Map<String, Object>> reader = snapshot.rowReader(List.of(path))) {
      for (int k = 0; k < read; k++) {
        int chunk = (int) ((long) k * chunks.size() / read);
        long rows = firstRow[chunk + 1] - firstRow[chunk];
        long take = Math.min(rows, SAMPLE_ROWS / read);
        for (long i = 0; i < take; i++) {
          counts.merge(comparable(reader.read(firstRow[chunk] + i * rows / take)), 1, Integer::sum);
        }
        sample += take;
      }
    }
    long once = counts.values().stream().filter(c -> c == 1).count();
    return Math.sqrt((double) snapshot.rows() / Math.max(1, sample)) * once + (counts.size() - once);
  }

  /** The one value of a row of one column, bytes as a buffer (which compares them, not the array). */
  private static Object comparable(Map<String, Object> row) {
    Object value = row.isEmpty() ? null : row.values().iterator().next();
    return value instanceof byte[] bytes ? java.nio.ByteBuffer.wrap(bytes) : value;
  }
}
