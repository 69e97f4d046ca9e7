package org.blazedb.storage.blz;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reassembles rows from the columns, in the representation a {@link RowValues} builds (by default
 * {@link JavaValues}: Maps and Lists). Only the columns of the requested paths are read; a missing
 * value is null.
 *
 * @param <R> the type of a row
 */
public final class RowReader<R> implements AutoCloseable {
  private final TableSnapshot snapshot;
  private final RowValues<R> values;
  private final ColumnNode.Struct root;
  private final Map<String, ColumnCursor> cursors = new HashMap<>();
  private long nextRow;

  RowReader(TableSnapshot snapshot, Collection<String> paths, RowValues<R> values) {
    this.snapshot = snapshot;
    this.values = values;
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
  public R next() {
    nextRow++;
    Object[] fields = new Object[root.children().size()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = read(root.children().get(i));
    }
    return values.row(root, fields);
  }

  /** Row number {@code row} (0-based); reading goes on from there. */
  public R read(long row) {
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
      case ColumnNode.Leaf leaf -> valid ? values.leaf(leaf, own.chunk(), own.position()) : null;
      case ColumnNode.Struct struct -> {
        // The fields of a missing record still hold placeholders, read to stay aligned.
        Object[] fields = new Object[struct.children().size()];
        for (int i = 0; i < fields.length; i++) {
          fields[i] = read(struct.children().get(i));
        }
        yield valid ? values.record(struct, fields) : null;
      }
      case ColumnNode.ListNode list -> {
        int length = (int) own.chunk().getLong(own.position());
        List<Object> elements = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
          elements.add(read(list.element()));
        }
        yield valid ? values.list(list, elements) : null;
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
