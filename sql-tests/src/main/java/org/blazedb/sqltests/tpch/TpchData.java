package org.blazedb.sqltests.tpch;

import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchColumnType;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.util.List;
import java.util.stream.Collectors;
import org.blazedb.engine.datashape.DataShape;
import org.blazedb.engine.datashape.DataShapeParser;
import org.blazedb.storage.blz.BlzDatabase;
import org.blazedb.storage.blz.BlzTable;
import org.blazedb.storage.blz.ColumnWriter;
import org.blazedb.storage.blz.TableAppender;

/**
 * Generates TPC-H tables with io.trino.tpch's generator and stores them as BLZ tables. Money and
 * quantities are {@code decimal[15, 2]} (the generator gives them as doubles with two decimals);
 * keys are {@code int64}, other integers {@code int32}.
 */
public final class TpchData {
  private TpchData() {}

  /** Creates the eight tables at scale factor {@code scale} in {@code db}; each appears whole or not at all. */
  public static void load(BlzDatabase db, double scale) {
    for (TpchTable<?> table : TpchTable.getTables()) {
      load(db, table, scale);
    }
  }

  /** The DataShape of a TPC-H table: one record of its columns per row. */
  public static DataShape shape(TpchTable<?> table) {
    return DataShapeParser.parse(table.getColumns().stream()
        .map(c -> c.getColumnName() + ": " + shape(c.getType()))
        .collect(Collectors.joining(", ", "var * {", "}")));
  }

  private static String shape(TpchColumnType type) {
    return switch (type.getBase()) {
      case IDENTIFIER -> "int64";
      case INTEGER -> "int32";
      case DATE -> "date";
      case DOUBLE -> "decimal[15, 2]";
      case VARCHAR -> "string";
    };
  }

  /** The SQL type of a TPC-H column, as BlazeDB stores it. */
  public static String sqlType(TpchColumn<?> column) {
    return switch (column.getType().getBase()) {
      case IDENTIFIER -> "BIGINT";
      case INTEGER -> "INTEGER";
      case DATE -> "DATE";
      case DOUBLE -> "DECIMAL(15, 2)";
      case VARCHAR -> "VARCHAR";
    };
  }

  /** Receives generated rows cell by cell, in column order. */
  public interface RowSink {
    /** An IDENTIFIER or INTEGER column's value. */
    void integer(long value);

    /** A DATE, as days since 1970-01-01. */
    void date(int days);

    /** Money and quantities, in hundredths. */
    void cents(long value);

    void string(String value);

    void endRow();
  }

  /** Generates the rows of {@code table} at scale factor {@code scale} into {@code sink}. */
  public static <E extends TpchEntity> void generate(TpchTable<E> table, double scale, RowSink sink) {
    List<TpchColumn<E>> columns = table.getColumns();
    for (E row : table.createGenerator(scale, 1, 1)) {
      for (TpchColumn<E> column : columns) {
        switch (column.getType().getBase()) {
          case IDENTIFIER -> sink.integer(column.getIdentifier(row));
          case INTEGER -> sink.integer(column.getInteger(row));
          case DATE -> sink.date(column.getDate(row));
          case DOUBLE -> sink.cents(Math.round(column.getDouble(row) * 100));
          case VARCHAR -> sink.string(column.getString(row));
        }
      }
      sink.endRow();
    }
  }

  private static <E extends TpchEntity> void load(BlzDatabase db, TpchTable<E> table, double scale) {
    try (BlzDatabase.StagedTable staged = db.stage(table.getTableName(), shape(table),
        BlzDatabase.DEFAULT_CHUNK_ROWS)) {
      BlzTable blz = staged.table();
      try (TableAppender appender = blz.appender()) {
        ColumnWriter[] writers = table.getColumns().stream()
            .map(c -> appender.writer(c.getColumnName()))
            .toArray(ColumnWriter[]::new);
        generate(table, scale, new RowSink() {
          private int column;

          @Override
          public void integer(long value) {
            writers[column++].appendLong(value);
          }

          @Override
          public void date(int days) {
            writers[column++].appendLong(days);
          }

          @Override
          public void cents(long value) {
            writers[column++].appendLong(value);
          }

          @Override
          public void string(String value) {
            writers[column++].appendString(value);
          }

          @Override
          public void endRow() {
            appender.endRow();
            column = 0;
          }
        });
        appender.commit();
      }
      staged.publish();
    }
  }
}
