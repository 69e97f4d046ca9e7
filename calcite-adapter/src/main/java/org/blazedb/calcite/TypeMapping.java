package org.blazedb.calcite;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
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
