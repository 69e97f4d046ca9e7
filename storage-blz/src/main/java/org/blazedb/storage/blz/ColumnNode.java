package org.blazedb.storage.blz;

import java.util.List;
import org.blazedb.engine.datashape.DataShape;

/**
 * The tree of a table's columns, mirroring its DataShape: records become {@link Struct}s, dimensions
 * become {@link ListNode}s, everything else a {@link Leaf}. Each node that owns a physical column
 * (a leaf, a list's lengths, an optional record's validity) names it by {@link #path()}.
 */
public sealed interface ColumnNode {

  /** The column path, e.g. {@code location.country} or {@code borrowers[].first_name}. */
  String path();

  /** The DataShape of values at this node, without the option. */
  DataShape shape();

  /** Whether a value here may be missing ({@code ?T}). */
  boolean nullable();

  /** A scalar column. */
  record Leaf(String path, DataShape shape, boolean nullable, Encoding encoding)
      implements ColumnNode {}

  /**
   * A record (or tuple) whose fields are stored as separate columns. An optional record owns a
   * PRESENCE column at its path.
   */
  record Struct(
      String path, DataShape shape, boolean nullable, boolean tuple, List<String> names,
      List<ColumnNode> children)
      implements ColumnNode {
    public Struct {
      names = List.copyOf(names);
      children = List.copyOf(children);
    }
  }

  /**
   * An array along one dimension: a LENGTHS column at its path (element count per row) and the
   * element's columns, whose rows are the elements of all arrays in order.
   *
   * @param fixedLength the required length for a fixed dimension, or -1 for {@code var}
   */
  record ListNode(String path, DataShape shape, boolean nullable, long fixedLength, ColumnNode element)
      implements ColumnNode {}
}
