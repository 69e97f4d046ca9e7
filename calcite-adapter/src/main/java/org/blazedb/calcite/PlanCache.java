package org.blazedb.calcite;

import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalciteSchema;

/**
 * A connection's query plans by their SQL text, reused while the database is as it was when they
 * were made (its tables' versions, its views and indexes). Planning a TPC-H query with Calcite
 * takes 10 to 50 ms with a warm JIT, as long as running many of them at SF1; dashboards and
 * reports send the same text again and again. Only queries are kept (DDL runs as it is
 * prepared), and not those that read a file as a table ({@code read_json}): their plans hold the
 * rows the file had. A plan of the database's tables holds no data: each execution reads the
 * tables' newest snapshots, and functions such as CURRENT_TIMESTAMP are evaluated then.
 */
final class PlanCache {
  private static final int CAPACITY = 256;

  /** What besides the database a plan depends on: the text, the statement's settings, the default schema. */
  private record Key(String sql, Type elementType, long maxRowCount, List<String> schemaPath) {}

  private record Plan(Object databaseVersion, CalcitePrepare.CalciteSignature<?> signature) {}

  private final BlazeSchema schema;
  private final Map<Key, Plan> plans = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Plan> eldest) {
      return size() > CAPACITY;
    }
  };

  PlanCache(BlazeSchema schema) {
    this.schema = schema;
  }

  /** The cache of the connection whose root schema holds a BlazeDB schema; null if none does. */
  static PlanCache of(CalcitePrepare.Context context) {
    for (CalciteSchema sub : context.getRootSchema().getSubSchemaMap().values()) {
      if (sub.schema instanceof BlazeSchema blaze) {
        return blaze.plans();
      }
    }
    return null;
  }

  /**
   * The plan of {@code sql}: the one kept if the database has not changed since, else a new one
   * from {@code prepare}, kept if it is a query's and {@code keepable} says so once it is made.
   */
  <T> CalcitePrepare.CalciteSignature<T> plan(CalcitePrepare.Context context, String sql, Type elementType,
      long maxRowCount, java.util.function.Supplier<CalcitePrepare.CalciteSignature<T>> prepare,
      java.util.function.BooleanSupplier keepable) {
    Key key = new Key(sql, elementType, maxRowCount, List.copyOf(context.getDefaultSchemaPath()));
    Object version = schema.version(); // before planning: a change made meanwhile outdates the plan
    synchronized (plans) {
      Plan kept = plans.get(key);
      if (kept != null && kept.databaseVersion().equals(version)) {
        @SuppressWarnings("unchecked")
        CalcitePrepare.CalciteSignature<T> signature = (CalcitePrepare.CalciteSignature<T>) kept.signature();
        return signature;
      }
    }
    CalcitePrepare.CalciteSignature<T> signature = prepare.get();
    if (signature.statementType == Meta.StatementType.SELECT && keepable.getAsBoolean()) {
      synchronized (plans) {
        plans.put(key, new Plan(version, signature));
      }
    }
    return signature;
  }
}
