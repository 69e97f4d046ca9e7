package org.blazedb.sqltests;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.stream.Stream;
import org.blazedb.sqltests.tpch.TpchData;
import org.blazedb.sqltests.tpch.TpchQuery;
import org.blazedb.storage.blz.BlzDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The 22 TPC-H queries at scale factor 0.01 give io.trino.tpch's answers. */
class TpchTest {
  @TempDir
  static Path dir;
  private static Connection connection;

  @BeforeAll
  static void load() throws Exception {
    TpchData.load(BlzDatabase.open(dir, true), 0.01);
    connection = DriverManager.getConnection("jdbc:blaze:" + dir);
  }

  @AfterAll
  static void close() throws Exception {
    connection.close();
  }

  static Stream<TpchQuery> queries() {
    return TpchQuery.all().stream();
  }

  @ParameterizedTest(name = "Q{index}")
  @MethodSource("queries")
  void answer(TpchQuery query) throws Exception {
    List<Object[]> rows = query.run(connection);
    assertNull(query.difference(rows));
  }
}
