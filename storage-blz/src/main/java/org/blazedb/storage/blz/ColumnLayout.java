package org.blazedb.storage.blz;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.blazedb.engine.datashape.ArrayShape;
import org.blazedb.engine.datashape.CategoricalShape;
import org.blazedb.engine.datashape.DataShape;
import org.blazedb.engine.datashape.DateTimeShape;
import org.blazedb.engine.datashape.DecimalShape;
import org.blazedb.engine.datashape.Dim;
import org.blazedb.engine.datashape.Primitive;
import org.blazedb.engine.datashape.RecordShape;
import org.blazedb.engine.datashape.StringShape;
import org.blazedb.engine.datashape.TimeDeltaShape;
import org.blazedb.engine.datashape.TupleShape;

/**
 * How a table's DataShape ({@code var * {...}}) is laid out in columns: nested records flattened by
 * path, dimensions as lengths plus element columns, options as validity.
 */
public final class ColumnLayout {
  private final DataShape tableShape;
  private final ColumnNode.Struct root;
  private final Map<String, PhysicalColumn> columns = new LinkedHashMap<>();

  private ColumnLayout(DataShape tableShape, ColumnNode.Struct root) {
    this.tableShape = tableShape;
    this.root = root;
    collect(root);
  }

  /**
   * The layout of a table of shape {@code dim * {fields}}.
   *
   * @throws IllegalArgumentException naming the field whose type cannot be stored
   */
  public static ColumnLayout of(DataShape tableShape) {
    if (!(tableShape instanceof ArrayShape(Dim dim, DataShape rowShape))
        || dim instanceof Dim.Ellipsis) {
      throw new IllegalArgumentException(
          "a table's DataShape must be 'var * {field: type, ...}' (one row per element), not '"
              + tableShape + "'");
    }
    if (!(rowShape instanceof RecordShape record)) {
      throw new IllegalArgumentException(
          "a table's rows must be records '{field: type, ...}', not '" + rowShape + "'");
    }
    if (record.fields().isEmpty()) {
      throw new IllegalArgumentException("a table needs at least one field");
    }
    return new ColumnLayout(tableShape, (ColumnNode.Struct) node("", record, false));
  }

  public DataShape tableShape() {
    return tableShape;
  }

  /** The record of one row; its children are the top-level fields. */
  public ColumnNode.Struct root() {
    return root;
  }

  /** Every stored column, in schema order. */
  public Collection<PhysicalColumn> columns() {
    return columns.values();
  }

  /** The stored column at {@code path}, or null. */
  public PhysicalColumn column(String path) {
    return columns.get(path);
  }

  /** The node of the top-level field or nested path ({@code a.b}, {@code a[].b}), or null. */
  public ColumnNode find(String path) {
    return find(root, path);
  }

  private static ColumnNode find(ColumnNode node, String path) {
    if (node.path().equals(path)) {
      return node;
    }
    return switch (node) {
      case ColumnNode.Struct s -> {
        for (ColumnNode child : s.children()) {
          ColumnNode found = find(child, path);
          if (found != null) {
            yield found;
          }
        }
        yield null;
      }
      case ColumnNode.ListNode l -> find(l.element(), path);
      case ColumnNode.Leaf leaf -> null;
    };
  }

  private void collect(ColumnNode node) {
    switch (node) {
      case ColumnNode.Leaf leaf -> add(new PhysicalColumn(leaf.path(), leaf.encoding(), leaf.nullable(), leaf));
      case ColumnNode.ListNode list -> {
        add(new PhysicalColumn(list.path(), Encoding.LENGTHS, list.nullable(), list));
        collect(list.element());
      }
      case ColumnNode.Struct struct -> {
        if (struct.nullable()) {
          add(new PhysicalColumn(struct.path(), Encoding.PRESENCE, true, struct));
        }
        struct.children().forEach(this::collect);
      }
    }
  }

  private void add(PhysicalColumn column) {
    if (columns.putIfAbsent(column.path(), column) != null) {
      throw new IllegalArgumentException("two columns would share the path '" + column.path() + "'");
    }
  }

  private static ColumnNode node(String path, DataShape shape, boolean nullable) {
    DataShape type = shape.withoutOption();
    nullable |= shape.isOption();
    return switch (type) {
      case RecordShape r -> {
        List<String> names = new ArrayList<>();
        List<ColumnNode> children = new ArrayList<>();
        for (RecordShape.Field f : r.fields()) {
          names.add(f.name());
          children.add(node(child(path, segment(f.name())), f.type(), false));
        }
        yield new ColumnNode.Struct(path, type, nullable, false, names, children);
      }
      case TupleShape t -> {
        List<String> names = new ArrayList<>();
        List<ColumnNode> children = new ArrayList<>();
        for (int i = 0; i < t.elements().size(); i++) {
          names.add(Integer.toString(i));
          children.add(node(child(path, Integer.toString(i)), t.elements().get(i), false));
        }
        yield new ColumnNode.Struct(path, type, nullable, true, names, children);
      }
      case ArrayShape(Dim dim, DataShape element) -> {
        long fixed = switch (dim) {
          case Dim.Fixed f -> f.length();
          case Dim.Var v -> -1;
          default -> throw unstorable(path, type, "dimension '" + dim + "' has no length to store");
        };
        yield new ColumnNode.ListNode(path, type, nullable, fixed, node(path + "[]", element, false));
      }
      default -> new ColumnNode.Leaf(path, type, nullable, encoding(path, type));
    };
  }

  private static Encoding encoding(String path, DataShape type) {
    return switch (type) {
      case Primitive p -> switch (p) {
        case BOOL -> Encoding.BOOL;
        // Unsigned types widen to the next signed width so their order is kept; uint64 keeps its bits.
        case INT8 -> Encoding.INT8;
        case UINT8, INT16 -> Encoding.INT16;
        case UINT16, INT32, DATE -> Encoding.INT32;
        case UINT32, INT64, UINT64, TIME -> Encoding.INT64;
        case FLOAT32 -> Encoding.FLOAT32;
        case FLOAT64 -> Encoding.FLOAT64;
        case BYTES, JSON -> Encoding.VARLEN;
      };
      case DecimalShape d -> d.precision() <= 18 ? Encoding.DECIMAL64 : Encoding.DECIMAL128;
      case StringShape s -> Encoding.VARLEN;
      case DateTimeShape dt -> Encoding.INT64;
      case TimeDeltaShape td -> Encoding.INT64;
      case CategoricalShape c -> Encoding.INT32;
      default -> throw unstorable(path, type, "it is not a concrete type");
    };
  }

  private static IllegalArgumentException unstorable(String path, DataShape type, String why) {
    return new IllegalArgumentException(
        "cannot store column '" + (path.isEmpty() ? "<row>" : path) + "' of type '" + type + "': " + why);
  }

  private static String child(String parent, String segment) {
    return parent.isEmpty() ? segment : parent + "." + segment;
  }

  /** A field name as a path segment: bare when plain, else double-quoted so paths stay unambiguous. */
  static String segment(String name) {
    if (!name.isEmpty() && name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '-')) {
      return name;
    }
    return '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
