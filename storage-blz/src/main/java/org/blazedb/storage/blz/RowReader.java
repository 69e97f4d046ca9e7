package org.blazedb.storage.blz;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.blazedb.engine.datashape.CategoricalShape;
import org.blazedb.engine.datashape.DataShape;
import org.blazedb.engine.datashape.DateTimeShape;
import org.blazedb.engine.datashape.DecimalShape;
import org.blazedb.engine.datashape.Primitive;
import org.blazedb.engine.datashape.StringShape;
import org.blazedb.engine.datashape.TimeDeltaShape;

/**
 * Reassembles rows from the columns as Java values: a record as a {@code Map} in field order, an
 * array or tuple as a {@code List}, a missing value as null. Only the columns of the requested
 * paths are read. For tools and tests; the query engine reads {@link ColumnChunk}s directly.
 *
 * <p>Scalars: bool Boolean; ints, uint8..uint32, timedelta Long; uint64 Long or BigInteger;
 * float32 Float; float64 Double; decimal BigDecimal; string, json, categorical String; bytes
 * byte[]; date LocalDate; time LocalTime; datetime Instant (with tz) or LocalDateTime.
 */
public final class RowReader implements AutoCloseable {
  private final TableSnapshot snapshot;
  private final ColumnNode.Struct root;
  private final Map<String, ColumnCursor> cursors = new HashMap<>();
  private long nextRow;

  RowReader(TableSnapshot snapshot, Collection<String> paths) {
    this.snapshot = snapshot;
    ColumnLayout layout = snapshot.table().layout();
    for (String path : paths) {
      if (layout.find(path) == null) {
        throw new IllegalArgumentException("table '" + snapshot.table().name() + "' has no column '" + path + "'");
      }
    }
    this.root = paths.isEmpty() ? layout.root() : (ColumnNode.Struct) prune(layout.root(), paths);
    for (PhysicalColumn column : layout.columns()) {
      if (reads(root, column.path())) {
        cursors.put(column.path(), new ColumnCursor(snapshot, column));
      }
    }
  }

  public boolean hasNext() {
    return nextRow < snapshot.rows();
  }

  /** The next row in table order. */
  public Map<String, Object> next() {
    nextRow++;
    @SuppressWarnings("unchecked")
    Map<String, Object> row = (Map<String, Object>) read(root);
    return row;
  }

  /** Row number {@code row} (0-based); reading goes on from there. */
  public Map<String, Object> read(long row) {
    if (row < 0 || row >= snapshot.rows()) {
      throw new IndexOutOfBoundsException("row " + row + " of a table of " + snapshot.rows() + " rows");
    }
    seek(root, row);
    nextRow = row;
    return next();
  }

  private Object read(ColumnNode node) {
    ColumnCursor own = cursors.get(node.path());
    boolean valid = true;
    if (own != null) {
      own.next();
      valid = own.chunk().isValid(own.position());
    }
    return switch (node) {
      case ColumnNode.Leaf leaf -> valid ? leafValue(leaf, own.chunk(), own.position()) : null;
      case ColumnNode.Struct struct -> {
        // The fields of a missing record still hold placeholders, read to stay aligned.
        Map<String, Object> map = new LinkedHashMap<>();
        List<Object> tuple = new ArrayList<>();
        for (int i = 0; i < struct.children().size(); i++) {
          Object value = read(struct.children().get(i));
          map.put(struct.names().get(i), value);
          tuple.add(value);
        }
        yield !valid ? null : struct.tuple() ? tuple : map;
      }
      case ColumnNode.ListNode list -> {
        int length = (int) own.chunk().getLong(own.position());
        List<Object> elements = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
          elements.add(read(list.element()));
        }
        yield valid ? elements : null;
      }
    };
  }

  private void seek(ColumnNode node, long row) {
    ColumnCursor own = cursors.get(node.path());
    if (own != null) {
      own.seek(row);
    }
    switch (node) {
      case ColumnNode.Leaf leaf -> {}
      case ColumnNode.Struct struct -> struct.children().forEach(c -> seek(c, row));
      case ColumnNode.ListNode list -> seek(list.element(), own.elementsBeforeNext());
    }
  }

  private static Object leafValue(ColumnNode.Leaf leaf, ColumnChunk chunk, int row) {
    DataShape shape = leaf.shape();
    return switch (shape) {
      case Primitive p -> switch (p) {
        case BOOL -> chunk.getLong(row) != 0;
        case INT8, INT16, INT32, INT64, UINT8, UINT16, UINT32 -> chunk.getLong(row);
        case UINT64 -> {
          long bits = chunk.getLong(row);
          yield bits >= 0 ? (Object) bits : new BigInteger(Long.toUnsignedString(bits));
        }
        case FLOAT32 -> (float) chunk.getDouble(row);
        case FLOAT64 -> chunk.getDouble(row);
        case DATE -> LocalDate.ofEpochDay(chunk.getLong(row));
        case TIME -> LocalTime.ofNanoOfDay(chunk.getLong(row) * 1000);
        case BYTES -> chunk.getBytes(row);
        case JSON -> new String(chunk.getBytes(row), StandardCharsets.UTF_8);
      };
      case StringShape s -> new String(chunk.getBytes(row), StandardCharsets.UTF_8);
      case DecimalShape d -> new BigDecimal(d.precision() <= 18
          ? BigInteger.valueOf(chunk.getLong(row)) : Decimals.fromLittleEndian(chunk.getDecimal128(row)), d.scale());
      case DateTimeShape dt -> {
        long micros = chunk.getLong(row);
        Instant instant = Instant.EPOCH.plusSeconds(Math.floorDiv(micros, 1_000_000))
            .plusNanos(Math.floorMod(micros, 1_000_000) * 1000L);
        yield dt.tz() == null ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC) : instant;
      }
      case TimeDeltaShape td -> chunk.getLong(row);
      case CategoricalShape c -> c.categories().get((int) chunk.getLong(row));
      default -> throw new IllegalStateException("no value decoding for " + shape);
    };
  }

  /** The subtree that reaches the requested paths (whole subtrees below a requested path). */
  private static ColumnNode prune(ColumnNode node, Collection<String> paths) {
    if (paths.contains(node.path())) {
      return node;
    }
    return switch (node) {
      case ColumnNode.Leaf leaf -> null;
      case ColumnNode.ListNode list -> {
        ColumnNode element = prune(list.element(), paths);
        yield element == null ? null
            : new ColumnNode.ListNode(list.path(), list.shape(), list.nullable(), list.fixedLength(), element);
      }
      case ColumnNode.Struct struct -> {
        List<String> names = new ArrayList<>();
        List<ColumnNode> children = new ArrayList<>();
        for (int i = 0; i < struct.children().size(); i++) {
          ColumnNode child = prune(struct.children().get(i), paths);
          if (child != null) {
            names.add(struct.names().get(i));
            children.add(child);
          }
        }
        yield children.isEmpty() ? null : new ColumnNode.Struct(
            struct.path(), struct.shape(), struct.nullable(), struct.tuple(), names, children);
      }
    };
  }

  private static boolean reads(ColumnNode node, String path) {
    if (node.path().equals(path)) {
      return !(node instanceof ColumnNode.Struct s) || s.nullable();
    }
    return switch (node) {
      case ColumnNode.Leaf leaf -> false;
      case ColumnNode.ListNode list -> reads(list.element(), path);
      case ColumnNode.Struct struct -> struct.children().stream().anyMatch(c -> reads(c, path));
    };
  }

  /** Off-heap bytes held by this reader's chunk buffers. */
  public long allocatedBytes() {
    return cursors.values().stream().mapToLong(ColumnCursor::allocatedBytes).sum();
  }

  @Override
  public void close() {
    cursors.values().forEach(ColumnCursor::close);
  }
}
