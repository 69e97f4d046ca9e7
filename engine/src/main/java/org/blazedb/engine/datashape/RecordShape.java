package org.blazedb.engine.datashape;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** {@code {name: type, ...}}: named fields in order; names are unique. */
public record RecordShape(List<Field> fields) implements DataShape {

  /** One named field of a record. */
  public record Field(String name, DataShape type) {
    public Field {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
    }
  }

  public RecordShape {
    fields = List.copyOf(fields);
    Set<String> seen = new HashSet<>();
    for (Field f : fields) {
      if (!seen.add(f.name())) {
        throw new IllegalArgumentException("duplicate field name '" + f.name() + "' in record");
      }
    }
  }

  /** The field called {@code name}, or null. */
  public Field field(String name) {
    for (Field f : fields) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return DataShapePrinter.print(this);
  }
}
