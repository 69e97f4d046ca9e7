package org.blazedb.calcite;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;
import org.blazedb.engine.datashape.ArrayShape;
import org.blazedb.engine.datashape.CategoricalShape;
import org.blazedb.engine.datashape.DataShape;
import org.blazedb.engine.datashape.DateTimeShape;
import org.blazedb.engine.datashape.DecimalShape;
import org.blazedb.engine.datashape.Primitive;
import org.blazedb.engine.datashape.RecordShape;
import org.blazedb.engine.datashape.StringShape;
import org.blazedb.engine.datashape.TimeDeltaShape;
import org.blazedb.engine.datashape.TupleShape;

/**
 * DataShape to SQL types, in one place: records are ROW, dimensions ARRAY, {@code ?T} nullable,
 * categorical and json VARCHAR, unsigned integers the next wider signed type (uint64 DECIMAL(20)).
 */
public final class TypeMapping {
  /** Tuple fields have no names in DataShape; SQL sees them as f0, f1, ... */
  static final String TUPLE_FIELD_PREFIX = "f";

  /**
   * The SQL type system of BlazeDB connections (property {@code typeSystem}): DECIMAL goes up to
   * DataShape's 38 digits, where Calcite's default stops at 19.
   */
  public static final RelDataTypeSystem TYPE_SYSTEM = new RelDataTypeSystemImpl() {
    // Calcite's DECIMAL limits, including getMaxPrecision(DECIMAL) and the derived types of
    // arithmetic, all come from these two (deprecated, but not yet replaced in 1.41).
    @Override
    @SuppressWarnings("deprecation")
    public int getMaxNumericPrecision() {
      return DecimalShape.MAX_PRECISION;
    }

    @Override
    @SuppressWarnings("deprecation")
    public int getMaxNumericScale() {
      return DecimalShape.MAX_PRECISION;
    }
  };

  private TypeMapping() {}

  /** The row type of a table whose DataShape is {@code var * {...}}. */
  public static RelDataType rowType(RelDataTypeFactory factory, DataShape tableShape) {
    if (!(tableShape instanceof ArrayShape(var dim, RecordShape row))) {
      throw new IllegalArgumentException("a table's DataShape must be 'var * {...}', not " + tableShape);
    }
    return sqlType(factory, row);
  }

  /** The SQL type of values of {@code shape}; nullable exactly when the shape is {@code ?T}. */
  public static RelDataType sqlType(RelDataTypeFactory factory, DataShape shape) {
    RelDataType type = switch (shape.withoutOption()) {
      case Primitive p -> primitive(factory, p);
      case DecimalShape d -> factory.createSqlType(SqlTypeName.DECIMAL, d.precision(), d.scale());
      case StringShape s -> s.maxLength() == null
          ? factory.createSqlType(SqlTypeName.VARCHAR)
          : factory.createSqlType(SqlTypeName.VARCHAR, s.maxLength());
      case CategoricalShape c -> factory.createSqlType(SqlTypeName.VARCHAR);
      case DateTimeShape dt -> factory.createSqlType(SqlTypeName.TIMESTAMP, 6);
      case TimeDeltaShape td -> factory.createSqlType(SqlTypeName.BIGINT);
      case ArrayShape a -> factory.createArrayType(sqlType(factory, a.element()), -1);
      case RecordShape r -> {
        List<String> names = new ArrayList<>();
        List<RelDataType> types = new ArrayList<>();
        for (RecordShape.Field f : r.fields()) {
          names.add(f.name());
          types.add(sqlType(factory, f.type()));
        }
        yield factory.createStructType(types, names);
      }
      case TupleShape t -> {
        List<String> names = new ArrayList<>();
        List<RelDataType> types = new ArrayList<>();
        for (int i = 0; i < t.elements().size(); i++) {
          names.add(TUPLE_FIELD_PREFIX + i);
          types.add(sqlType(factory, t.elements().get(i)));
        }
        yield factory.createStructType(types, names);
      }
      default -> throw new IllegalArgumentException("no SQL type for the DataShape " + shape);
    };
    return factory.createTypeWithNullability(type, shape.isOption());
  }

  /** The DataShape that stores values of the SQL type {@code type} (for CREATE TABLE). */
  public static DataShape dataShape(RelDataType type) {
    DataShape shape = switch (type.getSqlTypeName()) {
      case BOOLEAN -> Primitive.BOOL;
      case TINYINT -> Primitive.INT8;
      case SMALLINT -> Primitive.INT16;
      case INTEGER -> Primitive.INT32;
      case BIGINT -> Primitive.INT64;
      case REAL -> Primitive.FLOAT32;
      case FLOAT, DOUBLE -> Primitive.FLOAT64;
      case DECIMAL -> new DecimalShape(type.getPrecision(), Math.max(0, type.getScale()));
      case CHAR, VARCHAR -> type.getPrecision() > 0 && type.getPrecision() != RelDataType.PRECISION_NOT_SPECIFIED
          && type.getPrecision() < 1 << 20 ? new StringShape(type.getPrecision(), null) : StringShape.STRING;
      case BINARY, VARBINARY -> Primitive.BYTES;
      case DATE -> Primitive.DATE;
      case TIME -> Primitive.TIME;
      case TIMESTAMP -> DateTimeShape.NAIVE;
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> new DateTimeShape("UTC");
      case ARRAY, MULTISET -> ArrayShape.varOf(dataShape(type.getComponentType()));
      case ROW -> new RecordShape(type.getFieldList().stream()
          .map(f -> new RecordShape.Field(f.getName(), dataShape(f.getType()))).toList());
      case NULL -> StringShape.STRING;
      default -> throw new IllegalArgumentException("the SQL type " + type.getFullTypeString()
          + " cannot be stored in a BLZ table");
    };
    return type.isNullable() ? shape.asOption() : shape;
  }

  private static RelDataType primitive(RelDataTypeFactory factory, Primitive p) {
    return switch (p) {
      case BOOL -> factory.createSqlType(SqlTypeName.BOOLEAN);
      case INT8 -> factory.createSqlType(SqlTypeName.TINYINT);
      case INT16, UINT8 -> factory.createSqlType(SqlTypeName.SMALLINT);
      case INT32, UINT16 -> factory.createSqlType(SqlTypeName.INTEGER);
      case INT64, UINT32 -> factory.createSqlType(SqlTypeName.BIGINT);
      case UINT64 -> factory.createSqlType(SqlTypeName.DECIMAL, 20, 0);
      case FLOAT32 -> factory.createSqlType(SqlTypeName.REAL);
      case FLOAT64 -> factory.createSqlType(SqlTypeName.DOUBLE);
      case DATE -> factory.createSqlType(SqlTypeName.DATE);
      case TIME -> factory.createSqlType(SqlTypeName.TIME, 6);
      case BYTES -> factory.createSqlType(SqlTypeName.VARBINARY);
      case JSON -> factory.createSqlType(SqlTypeName.VARCHAR);
    };
  }
}
