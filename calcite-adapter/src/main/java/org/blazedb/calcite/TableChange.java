package org.blazedb.calcite;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.blazedb.storage.blz.BlzException;
import org.blazedb.storage.blz.ColumnNode;
import org.blazedb.storage.blz.TableAppender;
import org.blazedb.storage.blz.TableKey;

/**
 * One INSERT, REPLACE, UPDATE or DELETE on a BLZ table, committed at once or not at all, with the
 * table's keys enforced. The statement's rows are read while the table's writer lock is held, so
 * they come from the state the change commits over.
 *
 * <p>BLZ tables are append-only column chunks without row ids, so UPDATE and DELETE rewrite the
 * table: the statement's input gives the old values of the rows it changes, and each stored row
 * equal to one of them (as a multiset: equal rows are interchangeable) is replaced or dropped.
 * REPLACE drops the stored rows whose key equals a new row's. A plain INSERT only appends.
 */
public final class TableChange {
  /** What a change does with its input rows. */
  enum Kind {
    /** Input rows are new rows. */
    INSERT,
    /** Input rows are new rows that replace stored rows with the same key. */
    REPLACE,
    /** Input rows are a stored row's values followed by the new values of the updated columns. */
    UPDATE,
    /** Input rows are stored rows to delete. */
    DELETE
  }

  private final BlazeTable table;
  private final Kind kind;
  private final int[] updatedColumns;

  TableChange(BlazeTable table, Kind kind, int[] updatedColumns) {
    this.table = table;
    this.kind = kind;
    this.updatedColumns = updatedColumns;
  }

  /** Applies the change to the table; returns the number of rows inserted, updated or deleted. */
  public long apply(Enumerable<Object[]> input) {
    table.permissions().checkWrite(kind + " into table '" + table.blz().name() + "'");
    try (TableAppender appender = table.blz().appender()) {
      ColumnNode.Struct root = appender.table().layout().root();
      List<Object[]> rows = new ArrayList<>();
      try (Enumerator<Object[]> e = input.enumerator()) {
        while (e.moveNext()) {
          rows.add(e.current());
        }
      }
      long count = switch (kind) {
        case INSERT -> insert(appender, root, rows);
        case REPLACE -> replace(appender, root, rows);
        case UPDATE -> update(appender, root, rows);
        case DELETE -> delete(appender, root, rows);
      };
      if (count > 0) {
        appender.commit();
      }
      return count;
    }
  }

  /** Fails unless the table's rows satisfy {@code key} (before it is added to the table). */
  static void checkKey(BlazeTable table, TableKey key) {
    BlazeTable keyed = new BlazeTable(table.blz(), List.of(key), table.permissions(), table.options());
    Keys keys = new Keys(keyed, table.blz().layout().root());
    new TableChange(keyed, Kind.INSERT, new int[0]).forEachStored(keys.columns(), keys::add);
  }

  private long insert(TableAppender appender, ColumnNode.Struct root, List<Object[]> rows) {
    SqlRowWriter writer = new SqlRowWriter(appender);
    Keys keys = new Keys(table, root);
    for (Object[] row : rows) {
      Object[] stored = SqlRowWriter.structured(root, row);
      keys.add(stored);
      writer.write(stored);
    }
    if (keys.any() && !rows.isEmpty()) {
      forEachStored(keys.columns(), keys::checkAbsent);
    }
    return rows.size();
  }

  private long replace(TableAppender appender, ColumnNode.Struct root, List<Object[]> rows) {
    Keys keys = new Keys(table, root);
    if (!keys.any()) {
      return insert(appender, root, rows);
    }
    // A later new row replaces an earlier one with the same key, as it replaces a stored one.
    List<Object[]> newRows = new ArrayList<>();
    for (Object[] row : rows) {
      Object[] stored = SqlRowWriter.structured(root, row);
      for (Object[] displaced : keys.conflicts(stored)) {
        keys.remove(displaced);
        newRows.removeIf(r -> r == displaced);
      }
      keys.add(stored);
      newRows.add(stored);
    }
    appender.replaceAll();
    SqlRowWriter writer = new SqlRowWriter(appender);
    forEachStored(null, stored -> {
      if (keys.conflicts(stored).isEmpty()) {
        writer.write(stored);
      }
    });
    newRows.forEach(writer::write);
    return rows.size();
  }

  private long update(TableAppender appender, ColumnNode.Struct root, List<Object[]> rows) {
    Map<Object, ArrayDeque<Object[]>> changes = new HashMap<>();
    for (Object[] row : rows) {
      Object[] old = SqlRowWriter.structured(root, Arrays.copyOf(row, row.length - updatedColumns.length));
      Object[] updated = old.clone();
      for (int i = 0; i < updatedColumns.length; i++) {
        updated[updatedColumns[i]] = row[row.length - updatedColumns.length + i];
      }
      changes.computeIfAbsent(RowKey.of(old), k -> new ArrayDeque<>()).add(updated);
    }
    return rewrite(appender, root, changes);
  }

  private long delete(TableAppender appender, ColumnNode.Struct root, List<Object[]> rows) {
    Map<Object, ArrayDeque<Object[]>> changes = new HashMap<>();
    for (Object[] row : rows) {
      changes.computeIfAbsent(RowKey.of(SqlRowWriter.structured(root, row)), k -> new ArrayDeque<>()).add(DELETED);
    }
    return rewrite(appender, root, changes);
  }

  private static final Object[] DELETED = new Object[0];

  /**
   * Writes the table anew, each stored row equal to a key of {@code changes} replaced by the next of
   * its new rows ({@link #DELETED}: left out); returns how many rows changed.
   */
  private long rewrite(TableAppender appender, ColumnNode.Struct root, Map<Object, ArrayDeque<Object[]>> changes) {
    if (changes.isEmpty()) {
      return 0;
    }
    appender.replaceAll();
    SqlRowWriter writer = new SqlRowWriter(appender);
    Keys keys = new Keys(table, root);
    long[] changed = {0};
    forEachStored(null, stored -> {
      ArrayDeque<Object[]> pending = changes.get(RowKey.of(stored));
      Object[] row = stored;
      if (pending != null && !pending.isEmpty()) {
        row = pending.poll();
        changed[0]++;
      }
      if (row != DELETED) {
        keys.add(row);
        writer.write(row);
      }
    });
    return changed[0];
  }

  /**
   * Passes each stored row to {@code action}, as a full-width row that has only the values of
   * {@code fields} (all, if null).
   */
  private void forEachStored(int[] fields, java.util.function.Consumer<Object[]> action) {
    int width = table.blz().layout().root().children().size();
    int[] read = fields != null ? fields : java.util.stream.IntStream.range(0, width).toArray();
    try (Enumerator<Object> e = table.scan(ScanSpec.allOf(width).withFields(read, null)).enumerator()) {
      while (e.moveNext()) {
        Object[] values = read.length == 1 ? new Object[] {e.current()} : (Object[]) e.current();
        Object[] row = values;
        if (fields != null) {
          row = new Object[width];
          for (int i = 0; i < read.length; i++) {
            row[read[i]] = values[i];
          }
        }
        action.accept(row);
      }
    }
  }

  /** Rows compared by value, records and arrays included. */
  private static final class RowKey {
    static Object of(Object value) {
      return switch (value) {
        case Object[] array -> Arrays.stream(array).map(RowKey::of).collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        case List<?> list -> list.stream().map(RowKey::of).collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        case null, default -> value;
      };
    }
  }

  /** The values of every key of the table, per key, among the rows seen so far. */
  private static final class Keys {
    private final BlazeTable table;
    private final List<TableKey> keys;
    private final List<int[]> columns = new ArrayList<>();
    private final List<Map<List<Object>, Object[]>> seen = new ArrayList<>();

    Keys(BlazeTable table, ColumnNode.Struct root) {
      this.table = table;
      this.keys = table.keys();
      for (TableKey key : keys) {
        columns.add(key.columns().stream().mapToInt(c -> root.names().indexOf(c)).toArray());
        seen.add(new HashMap<>());
      }
    }

    boolean any() {
      return !keys.isEmpty();
    }

    /** The columns of all keys. */
    int[] columns() {
      return columns.stream().flatMapToInt(Arrays::stream).distinct().sorted().toArray();
    }

    /** Records the row's keys; a key it shares with an earlier row is an error. */
    void add(Object[] row) {
      for (int k = 0; k < keys.size(); k++) {
        List<Object> value = value(k, row);
        if (value != null && seen.get(k).putIfAbsent(value, row) != null) {
          throw violation(k, value);
        }
      }
    }

    void remove(Object[] row) {
      for (int k = 0; k < keys.size(); k++) {
        List<Object> value = value(k, row);
        if (value != null) {
          seen.get(k).remove(value, row);
        }
      }
    }

    /** Fails if the stored row has a key value of a new row. */
    void checkAbsent(Object[] stored) {
      for (int k = 0; k < keys.size(); k++) {
        List<Object> value = value(k, stored);
        if (value != null && seen.get(k).containsKey(value)) {
          throw violation(k, value);
        }
      }
    }

    /** The rows seen that share a key value with {@code row}. */
    List<Object[]> conflicts(Object[] row) {
      List<Object[]> found = new ArrayList<>();
      for (int k = 0; k < keys.size(); k++) {
        List<Object> value = value(k, row);
        Object[] other = value == null ? null : seen.get(k).get(value);
        if (other != null && !found.contains(other)) {
          found.add(other);
        }
      }
      return found;
    }

    /** The row's value of key {@code k}, or null if a column of it is null (no conflict then). */
    private List<Object> value(int k, Object[] row) {
      int[] cols = columns.get(k);
      List<Object> value = new ArrayList<>(cols.length);
      for (int c : cols) {
        if (row[c] == null) {
          if (keys.get(k).primary()) {
            throw new BlzException("NULL in column '" + keys.get(k).columns().get(value.size())
                + "' of the PRIMARY KEY of table '" + table.blz().name() + "'");
          }
          return null;
        }
        value.add(RowKey.of(row[c]));
      }
      return value;
    }

    private BlzException violation(int k, List<Object> value) {
      TableKey key = keys.get(k);
      return new BlzException("duplicate key (" + String.join(", ", key.columns()) + ") = " + value
          + " violates " + key.describe() + " of table '" + table.blz().name() + "'; nothing was changed");
    }
  }
}
