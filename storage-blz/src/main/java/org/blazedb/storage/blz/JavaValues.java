package org.blazedb.storage.blz;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Arrays;
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
 * Rows as plain Java values, for tools and tests: a record is a {@code Map} in field order, an
 * array or tuple a {@code List}.
 *
 * <p>Scalars: bool Boolean; ints, uint8..uint32, timedelta Long; uint64 Long or BigInteger;
 * float32 Float; float64 Double; decimal BigDecimal; string, json, categorical String; bytes
 * byte[]; date LocalDate; time LocalTime; datetime Instant (with tz) or LocalDateTime.
 */
public final class JavaValues implements RowValues<Map<String, Object>> {
  public static final JavaValues INSTANCE = new JavaValues();

  private JavaValues() {}

  @Override
  public Map<String, Object> row(ColumnNode.Struct root, Object[] fields) {
    return map(root, fields);
  }

  @Override
  public Object record(ColumnNode.Struct struct, Object[] fields) {
    return struct.tuple() ? Arrays.asList(fields) : map(struct, fields);
  }

  @Override
  public Object list(ColumnNode.ListNode list, List<Object> elements) {
    return elements;
  }

  private static Map<String, Object> map(ColumnNode.Struct struct, Object[] fields) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < fields.length; i++) {
      map.put(struct.names().get(i), fields[i]);
    }
    return map;
  }

  @Override
  public Object leaf(ColumnNode.Leaf leaf, ColumnChunk chunk, int row) {
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

}
