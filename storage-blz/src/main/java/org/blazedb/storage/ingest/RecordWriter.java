package org.blazedb.storage.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.blazedb.engine.datashape.Primitive;
import org.blazedb.storage.blz.ColumnNode;
import org.blazedb.storage.blz.ColumnWriter;
import org.blazedb.storage.blz.TableAppender;

/**
 * Shreds records into a table's column writers: the column tree compiled once into writer nodes,
 * then each JSON record (or CSV line) walked against it. Extra JSON fields are ignored; a missing
 * field is a missing value if the DataShape allows it, else an error.
 */
final class RecordWriter {
  private final TableAppender appender;
  private final Node root;

  RecordWriter(TableAppender appender) {
    this.appender = appender;
    this.root = compile(appender.table().layout().root());
  }

  /** Writes the JSON object at the parser's current token as one row. */
  void writeJson(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new ValueException("", "a record must be a JSON object, found " + p.currentToken());
    }
    root.json(p);
    appender.endRow();
  }

  /** The top-level scalar fields, in order, for row-at-a-time text input (CSV). */
  List<LeafWriter> topLevelLeaves() {
    List<LeafWriter> leaves = new ArrayList<>();
    for (Node child : ((StructNode) root).children) {
      if (!(child instanceof LeafNode leaf)) {
        throw new IllegalArgumentException("field '" + child.path() + "' is nested; CSV holds only scalar fields");
      }
      leaves.add(leaf.writer);
    }
    return leaves;
  }

  /** Ends a row whose top-level leaves were written directly. */
  void endRow() {
    appender.endRow();
  }

  private Node compile(ColumnNode node) {
    ColumnWriter own = switch (node) {
      case ColumnNode.Struct s when !s.nullable() -> null;
      default -> appender.writer(node.path());
    };
    return switch (node) {
      case ColumnNode.Leaf leaf -> new LeafNode(leaf, new LeafWriter(leaf, own));
      case ColumnNode.ListNode list -> new ListNode(list, own, compile(list.element()));
      case ColumnNode.Struct struct ->
          new StructNode(struct, own, struct.children().stream().map(this::compile).toList());
    };
  }

  /** One node of the compiled tree. */
  private abstract sealed class Node permits LeafNode, StructNode, ListNode {
    final ColumnNode column;
    final ColumnWriter own;

    Node(ColumnNode column, ColumnWriter own) {
      this.column = column;
      this.own = own;
    }

    String path() {
      return column.path();
    }

    /** Writes the JSON value at the current token, which may be null. */
    final void json(JsonParser p) throws IOException {
      // In a non-optional json field, null is a JSON document like any other.
      if (p.currentToken() == JsonToken.VALUE_NULL && !holdsJsonNull()) {
        if (!column.nullable()) {
          throw new ValueException(path(), "null is not allowed: the DataShape says "
              + column.shape() + ", not ?" + column.shape());
        }
        absent();
      } else {
        value(p);
      }
    }

    abstract void value(JsonParser p) throws IOException;

    boolean holdsJsonNull() {
      return !column.nullable() && column.shape() == Primitive.JSON;
    }

    /** A missing value here: null if optional, placeholders below so sibling columns stay aligned. */
    void absent() {
      appender.appendAbsent(column);
    }
  }

  private final class LeafNode extends Node {
    final LeafWriter writer;

    LeafNode(ColumnNode.Leaf leaf, LeafWriter writer) {
      super(leaf, writer.out());
      this.writer = writer;
    }

    @Override
    void value(JsonParser p) throws IOException {
      writer.json(p);
    }
  }

  private final class ListNode extends Node {
    final Node element;
    final long fixedLength;

    ListNode(ColumnNode.ListNode list, ColumnWriter lengths, Node element) {
      super(list, lengths);
      this.element = element;
      this.fixedLength = list.fixedLength();
    }

    @Override
    void value(JsonParser p) throws IOException {
      if (p.currentToken() != JsonToken.START_ARRAY) {
        throw new ValueException(path(), "expected an array for " + column.shape() + ", found " + p.currentToken());
      }
      long count = 0;
      while (p.nextToken() != JsonToken.END_ARRAY) {
        element.json(p);
        count++;
      }
      if (fixedLength >= 0 && count != fixedLength) {
        throw new ValueException(path(), "an array of " + count + " elements where " + column.shape()
            + " needs " + fixedLength);
      }
      own.appendLong(count);
    }
  }

  private final class StructNode extends Node {
    final List<Node> children;
    final Map<String, Integer> index = new HashMap<>();
    final boolean tuple;
    final boolean[] seen;

    StructNode(ColumnNode.Struct struct, ColumnWriter presence, List<Node> children) {
      super(struct, presence);
      this.children = children;
      this.tuple = struct.tuple();
      this.seen = new boolean[children.size()];
      for (int i = 0; i < struct.names().size(); i++) {
        index.put(struct.names().get(i), i);
      }
    }

    @Override
    void value(JsonParser p) throws IOException {
      if (tuple) {
        tupleValue(p);
        return;
      }
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw new ValueException(path(), "expected an object for " + column.shape() + ", found " + p.currentToken());
      }
      Arrays.fill(seen, false);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        Integer i = index.get(p.currentName());
        p.nextToken();
        if (i == null) {
          p.skipChildren();
        } else if (seen[i]) {
          throw new ValueException(children.get(i).path(), "the field appears twice in one object");
        } else {
          seen[i] = true;
          children.get(i).json(p);
        }
      }
      for (int i = 0; i < seen.length; i++) {
        if (!seen[i]) {
          Node child = children.get(i);
          if (child.holdsJsonNull()) {
            ((LeafNode) child).writer.text("null");
          } else if (!child.column.nullable()) {
            throw new ValueException(child.path(), "the field is missing and the DataShape says "
                + child.column.shape() + ", not ?" + child.column.shape());
          } else {
            child.absent();
          }
        }
      }
      if (own != null) {
        own.appendPresent();
      }
    }

    private void tupleValue(JsonParser p) throws IOException {
      if (p.currentToken() != JsonToken.START_ARRAY) {
        throw new ValueException(path(), "expected an array for the tuple " + column.shape() + ", found " + p.currentToken());
      }
      int i = 0;
      while (p.nextToken() != JsonToken.END_ARRAY) {
        if (i == children.size()) {
          throw new ValueException(path(), "more than the " + children.size() + " values of " + column.shape());
        }
        children.get(i++).json(p);
      }
      if (i != children.size()) {
        throw new ValueException(path(), i + " values where " + column.shape() + " needs " + children.size());
      }
      if (own != null) {
        own.appendPresent();
      }
    }
  }
}
