package org.blazedb.storage.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.blazedb.engine.datashape.ArrayShape;
import org.blazedb.engine.datashape.DataShape;
import org.blazedb.engine.datashape.Primitive;
import org.blazedb.engine.datashape.RecordShape;
import org.blazedb.engine.datashape.StringShape;

/**
 * What the values seen at one place in the input have in common, merged value by value: the
 * narrowest DataShape that holds them all. Conflicting kinds (a string here, an object there)
 * become {@code json}.
 */
final class InferredType {
  private boolean nulls;
  private boolean bools;
  private boolean ints;
  private boolean floats;
  private boolean strings;
  private boolean objects;
  private boolean arrays;
  /** Objects seen here, to tell fields missing from some of them. */
  private long objectCount;
  private final Map<String, InferredType> fields = new LinkedHashMap<>();
  private final Map<String, Long> fieldCounts = new LinkedHashMap<>();
  private InferredType element;

  void sawNull() {
    nulls = true;
  }

  void sawBool() {
    bools = true;
  }

  void sawInteger() {
    ints = true;
  }

  void sawFloat() {
    floats = true;
  }

  void sawString() {
    strings = true;
  }

  /** Counts an object and returns the type of its field {@code name}. */
  void sawObject() {
    objects = true;
    objectCount++;
  }

  InferredType field(String name) {
    fieldCounts.merge(name, 1L, Long::sum);
    return fields.computeIfAbsent(name, k -> new InferredType());
  }

  InferredType element() {
    arrays = true;
    if (element == null) {
      element = new InferredType();
    }
    return element;
  }

  /** The shape of the records themselves: never optional, always a record. */
  RecordShape recordShape() {
    return (RecordShape) concrete();
  }

  DataShape shape() {
    DataShape shape = concrete();
    return nulls ? shape.asOption() : shape;
  }

  private DataShape concrete() {
    int kinds = (bools ? 1 : 0) + (ints || floats ? 1 : 0) + (strings ? 1 : 0) + (objects ? 1 : 0) + (arrays ? 1 : 0);
    if (kinds != 1) {
      return Primitive.JSON; // nothing but nulls, or several kinds of value
    }
    if (bools) {
      return Primitive.BOOL;
    }
    if (floats) {
      return Primitive.FLOAT64;
    }
    if (ints) {
      return Primitive.INT64;
    }
    if (strings) {
      return StringShape.STRING;
    }
    if (arrays) {
      return ArrayShape.varOf(element.shape());
    }
    List<RecordShape.Field> list = new ArrayList<>();
    for (Map.Entry<String, InferredType> f : fields.entrySet()) {
      DataShape type = f.getValue().shape();
      boolean sometimesMissing = fieldCounts.get(f.getKey()) < objectCount;
      list.add(new RecordShape.Field(f.getKey(), sometimesMissing ? type.asOption() : type));
    }
    return new RecordShape(list);
  }
}
