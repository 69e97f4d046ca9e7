package org.blazedb.calcite;

import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.avatica.util.ByteString;
import org.blazedb.engine.datashape.DataShape;
import org.blazedb.engine.datashape.DateTimeShape;
import org.blazedb.engine.datashape.Primitive;
import org.blazedb.storage.blz.BlzException;
import org.blazedb.storage.blz.ColumnNode;
import org.blazedb.storage.blz.TableAppender;
import org.blazedb.storage.ingest.LeafWriter;
import org.blazedb.storage.ingest.ValueException;

/** Appends rows given in Calcite's internal representation (see {@link CalciteValues}) to a table. */
final class SqlRowWriter {
  private final TableAppender appender;
  private final ColumnNode.Struct root;
  private final java.util.Map<String, LeafWriter> leaves = new java.util.HashMap<>();
  private long rows;

  SqlRowWriter(TableAppender appender) {
    this.appender = appender;
    this.root = appender.table().layout().root();
  }

  /**
   * The row with its records as values of their own: Calcite flattens the records of the rows it
   * gives a table modification into their fields.
   */
  static Object[] structured(ColumnNode.Struct root, Object[] row) {
    return row.length != root.children().size() && row.length == flatWidth(root)
        ? restructure(root, row, new int[1]) : row;
  }

  void write(Object[] row) {
    rows++;
    row = structured(root, row);
    if (row.length != root.children().size()) {
      throw new BlzException("a row of " + row.length + " values for the " + root.children().size()
          + " columns of table '" + appender.table().name() + "'");
    }
    try {
      for (int i = 0; i < row.length; i++) {
        write(root.children().get(i), row[i]);
      }
    } catch (ValueException e) {
      throw new BlzException("row " + rows + " for table '" + appender.table().name() + "', column '"
          + e.field() + "': " + e.getMessage());
    }
    appender.endRow();
  }

  /** Columns of a row whose records (outside arrays) were flattened into their fields. */
  private static int flatWidth(ColumnNode node) {
    return node instanceof ColumnNode.Struct struct
        ? struct.children().stream().mapToInt(SqlRowWriter::flatWidth).sum() : 1;
  }

  /**
   * Rebuilds the records of a flattened row, depth first. A nullable record whose fields are all
   * null comes back as null.
   */
  private static Object[] restructure(ColumnNode.Struct struct, Object[] flat, int[] next) {
    Object[] values = new Object[struct.children().size()];
    for (int i = 0; i < values.length; i++) {
      ColumnNode child = struct.children().get(i);
      if (child instanceof ColumnNode.Struct nested) {
        Object[] record = restructure(nested, flat, next);
        values[i] = nested.nullable() && java.util.Arrays.stream(record).allMatch(v -> v == null) ? null : record;
      } else {
        values[i] = flat[next[0]++];
      }
    }
    return values;
  }

  private void write(ColumnNode node, Object value) {
    if (value == null) {
      if (!node.nullable()) {
        throw new ValueException(node.path(), "NULL in a column declared NOT NULL (" + node.shape() + ")");
      }
      appender.appendAbsent(node);
      return;
    }
    switch (node) {
      case ColumnNode.Leaf leaf -> leaf(leaf, value);
      case ColumnNode.Struct struct -> {
        List<?> fields = value instanceof Object[] array ? java.util.Arrays.asList(array) : (List<?>) value;
        for (int i = 0; i < struct.children().size(); i++) {
          write(struct.children().get(i), fields.get(i));
        }
        if (struct.nullable()) {
          appender.writer(struct.path()).appendPresent();
        }
      }
      case ColumnNode.ListNode list -> {
        List<?> elements = value instanceof Object[] array ? java.util.Arrays.asList(array) : (List<?>) value;
        if (list.fixedLength() >= 0 && elements.size() != list.fixedLength()) {
          throw new ValueException(list.path(), "an array of " + elements.size() + " elements where "
              + list.shape() + " needs " + list.fixedLength());
        }
        for (Object element : elements) {
          write(list.element(), element);
        }
        appender.writer(list.path()).appendLong(elements.size());
      }
    }
  }

  private void leaf(ColumnNode.Leaf leaf, Object value) {
    LeafWriter out = leaves.computeIfAbsent(leaf.path(), p -> new LeafWriter(leaf, appender.writer(p)));
    DataShape shape = leaf.shape();
    switch (value) {
      case Boolean b -> out.bool(b);
      case Integer days when shape == Primitive.DATE -> out.epochDay(days);
      case Integer millis when shape == Primitive.TIME -> out.timeMicros(millis * 1000L);
      case Long millis when shape instanceof DateTimeShape -> out.epochMicros(millis * 1000L);
      case Byte n -> out.integer(n);
      case Short n -> out.integer(n);
      case Integer n -> out.integer(n);
      case Long n -> out.integer(n);
      case BigDecimal n -> out.number(n);
      case Float f -> out.floating(f);
      case Double d -> out.floating(d);
      case ByteString bytes -> out.bytes(bytes.getBytes());
      case String s -> out.text(s);
      default -> throw new ValueException(leaf.path(), "a " + value.getClass().getSimpleName()
          + " value cannot be stored as " + shape);
    }
  }
}
