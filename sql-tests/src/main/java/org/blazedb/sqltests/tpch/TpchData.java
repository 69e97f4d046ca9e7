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

  private static <E extends TpchEntity> void load(BlzDatabase db, TpchTable<E> table, double scale) {
    try (BlzDatabase.StagedTable staged = db.stage(table.getTableName(), shape(table),
        BlzDatabase.DEFAULT_CHUNK_ROWS)) {
      BlzTable blz = staged.table();
      List<TpchColumn<E>> columns = table.getColumns();
      try (TableAppender appender = blz.appender()) {
        ColumnWriter[] writers = columns.stream()
            .map(c -> appender.writer(c.getColumnName()))
            .toArray(ColumnWriter[]::new);
        for (E row : table.createGenerator(scale, 1, 1)) {
          for (int i = 0; i < writers.length; i++) {
            append(writers[i], columns.get(i), row);
          }
          appender.endRow();
        }
        appender.commit();
      }
      staged.publish();
    }
  }

  private static <E extends TpchEntity> void append(ColumnWriter writer, TpchColumn<E> column, E row) {
    switch (column.getType().getBase()) {
      case IDENTIFIER -> writer.appendLong(column.getIdentifier(row));
      case INTEGER -> writer.appendLong(column.getInteger(row));
      case DATE -> writer.appendLong(column.getDate(row));
      case DOUBLE -> writer.appendLong(Math.round(column.getDouble(row) * 100));
      case VARCHAR -> writer.appendString(column.getString(row));
    }
  }
}
