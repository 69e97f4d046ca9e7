package org.blazedb.calcite;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.avatica.util.ByteString;
import org.blazedb.engine.datashape.CategoricalShape;
import org.blazedb.engine.datashape.DataShape;
import org.blazedb.engine.datashape.DateTimeShape;
import org.blazedb.engine.datashape.DecimalShape;
import org.blazedb.engine.datashape.Primitive;
import org.blazedb.engine.datashape.RecordShape;
import org.blazedb.engine.datashape.StringShape;
import org.blazedb.engine.datashape.TimeDeltaShape;
import org.blazedb.storage.blz.ColumnChunk;
import org.blazedb.storage.blz.ColumnNode;
import org.blazedb.storage.blz.Decimals;
import org.blazedb.storage.blz.RowValues;

/**
 * Rows in the representation Calcite's Enumerable code expects (its "internal" Java types): a row is
 * an {@code Object[]} of the scanned fields (or the bare value when one field is scanned), a ROW an
 * {@code Object[]}, an ARRAY a {@code List}; DATE is days as Integer, TIME milliseconds as Integer,
 * TIMESTAMP milliseconds as Long, VARBINARY a ByteString.
 */
final class CalciteValues implements RowValues<Object> {
  /** For each output position, the index of its value among the read top-level fields. */
  private final int[] positions;

  /** @param fields the top-level field numbers the row holds, in output order */
  CalciteValues(int[] fields) {
    int[] distinct = Arrays.stream(fields).distinct().sorted().toArray();
    positions = new int[fields.length];
    for (int i = 0; i < fields.length; i++) {
      positions[i] = Arrays.binarySearch(distinct, fields[i]);
    }
  }

  @Override
  public Object row(ColumnNode.Struct root, Object[] fields) {
    if (positions.length == 1) {
      return fields[positions[0]];
    }
    Object[] row = new Object[positions.length];
    for (int i = 0; i < positions.length; i++) {
      row[i] = fields[positions[i]];
    }
    return row;
  }

  @Override
  public Object record(ColumnNode.Struct struct, Object[] fields) {
    if (!(struct.shape() instanceof RecordShape shape) || shape.fields().size() == fields.length) {
      return fields;
    }
    // A record read for some of its fields only: the others stay null, in their SQL positions.
    Object[] full = new Object[shape.fields().size()];
    for (int i = 0; i < fields.length; i++) {
      full[indexOf(shape, struct.names().get(i))] = fields[i];
    }
    return full;
  }

  private static int indexOf(RecordShape shape, String name) {
    for (int i = 0; i < shape.fields().size(); i++) {
      if (shape.fields().get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("no field " + name);
  }

  @Override
  public Object list(ColumnNode.ListNode list, List<Object> elements) {
    return elements;
  }

  @Override
  public Object leaf(ColumnNode.Leaf leaf, ColumnChunk chunk, int row) {
    DataShape shape = leaf.shape();
    return switch (shape) {
      case Primitive p -> switch (p) {
        case BOOL -> chunk.getLong(row) != 0;
        case INT8 -> (byte) chunk.getLong(row);
        case INT16, UINT8 -> (short) chunk.getLong(row);
        case INT32, UINT16 -> (int) chunk.getLong(row);
        case INT64, UINT32 -> chunk.getLong(row);
        case UINT64 -> new BigDecimal(new BigInteger(Long.toUnsignedString(chunk.getLong(row))));
        case FLOAT32 -> (float) chunk.getDouble(row);
        case FLOAT64 -> chunk.getDouble(row);
        case DATE -> (int) chunk.getLong(row);
        case TIME -> (int) (chunk.getLong(row) / 1000);
        case BYTES -> new ByteString(chunk.getBytes(row));
        case JSON -> new String(chunk.getBytes(row), java.nio.charset.StandardCharsets.UTF_8);
      };
      case StringShape s -> new String(chunk.getBytes(row), java.nio.charset.StandardCharsets.UTF_8);
      case CategoricalShape c -> c.categories().get((int) chunk.getLong(row));
      case DecimalShape d -> new BigDecimal(d.precision() <= 18
          ? BigInteger.valueOf(chunk.getLong(row)) : Decimals.fromLittleEndian(chunk.getDecimal128(row)), d.scale());
      case DateTimeShape dt -> Math.floorDiv(chunk.getLong(row), 1000L);
      case TimeDeltaShape td -> chunk.getLong(row);
      default -> throw new IllegalStateException("no SQL value for " + shape);
    };
  }
}
