package org.blazedb.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.blazedb.engine.datashape.DataShape;
import org.blazedb.engine.datashape.DataShapeParser;
import org.blazedb.jdbc.BlazeDriver;
import org.blazedb.storage.blz.BlzDatabase;
import org.blazedb.storage.blz.TableSnapshot;
import org.blazedb.storage.ingest.LoadOptions;
import org.blazedb.storage.ingest.LoadResult;
import org.blazedb.storage.ingest.Loader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "demo", description = "Load the bundled Kiva loans sample into an embedded database and show facts about it.")
final class DemoCommand implements Callable<Integer> {
  private static final String RESOURCES = "/org/blazedb/tools/demo/";

  @Spec CommandSpec spec;

  @Option(names = "--db", description = "Database directory (default: ${DEFAULT-VALUE}).")
  Path db = Path.of("demo-db");

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    DataShape shape = DataShapeParser.parse(resourceText("loans.datashape"));
    Path json = Files.createTempFile("kiva-loans", ".json");
    try {
      try (InputStream in = resource("loans-tiny.json")) {
        Files.copy(in, json, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      BlzDatabase database = BlzDatabase.open(db, true);
      if (database.exists("loans")) {
        database.dropTable("loans");
      }
      LoadResult loaded = Loader.load(database, "loans", json,
          LoadOptions.defaults().withShape(shape), org.blazedb.storage.ingest.LoadProgress.NONE);
      out.printf("Loaded %d Kiva loans (the bundled sample) into table 'loans' of %s%n%n", loaded.rows(),
          db.toAbsolutePath().normalize());
      facts(database.table("loans").snapshot(), out);
      sql(out);
    } finally {
      Files.deleteIfExists(json);
    }
    return 0;
  }

  private static void facts(TableSnapshot snapshot, PrintWriter out) {
    long[] bytes = TableReport.print(snapshot, new PrintWriter(java.io.OutputStream.nullOutputStream()));
    out.printf("Storage: %d columns, %,d bytes of values stored in %,d bytes (%s x)%n%n",
        snapshot.table().layout().columns().size(), bytes[0], bytes[1], TableReport.ratio(bytes[0], bytes[1]));

    Map<String, Integer> countries = new TreeMap<>();
    Map<String, Integer> genders = new TreeMap<>();
    double funded = 0;
    double amount = 0;
    int borrowers = 0;
    // Only these columns are read: one nested field, two amounts and one field of an array of records.
    try (var rows = snapshot.rowReader(
        List.of("location.country", "funded_amount", "loan_amount", "borrowers[].gender"))) {
      while (rows.hasNext()) {
        Map<String, Object> row = rows.next();
        @SuppressWarnings("unchecked")
        Map<String, Object> location = (Map<String, Object>) row.get("location");
        countries.merge((String) location.get("country"), 1, Integer::sum);
        funded += (Double) row.get("funded_amount");
        amount += (Double) row.get("loan_amount");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> people = (List<Map<String, Object>>) row.get("borrowers");
        for (Map<String, Object> b : people) {
          genders.merge((String) b.get("gender"), 1, Integer::sum);
          borrowers++;
        }
      }
    }
    out.printf("Loans requested: $%,.0f, funded: $%,.0f (%.0f%%)%n", amount, funded, 100 * funded / amount);
    out.printf("Borrowers: %d (%s)%n", borrowers, genders);
    out.println("Loans by country:");
    countries.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> out.printf("  %-24s %3d%n", e.getKey(), e.getValue()));
    try (var rows = snapshot.rowReader(List.of("name", "use"))) {
      Map<String, Object> last = rows.read(snapshot.rows() - 1);
      out.printf("%nThe last loan: %s, to %s%n", last.get("name"), last.get("use"));
    }
  }

  /** Queries over the same table through the embedded JDBC driver, printed as blaze sql prints them. */
  private static final List<String> QUERIES = List.of(
      """
      SELECT l.location.country AS country, COUNT(*) AS loans, SUM(l.loan_amount) AS amount
      FROM loans AS l GROUP BY l.location.country ORDER BY loans DESC, country""",
      """
      SELECT b.gender, COUNT(*) AS borrowers
      FROM loans AS l CROSS JOIN UNNEST(l.borrowers) AS b GROUP BY b.gender ORDER BY b.gender""",
      """
      SELECT l.id, l.name, l.location.country AS country, l.loan_amount, CARDINALITY(l.borrowers) AS borrowers
      FROM loans AS l ORDER BY l.loan_amount DESC, l.id LIMIT 3""");

  private void sql(PrintWriter out) {
    String url = BlazeDriver.PREFIX + db.toAbsolutePath().normalize();
    out.printf("%nSQL over the same table, through the embedded JDBC driver (%s; try ./blaze sql %s):%n", url, db);
    try (Connection connection = DriverManager.getConnection(url)) {
      for (String query : QUERIES) {
        out.println();
        out.println("sql> " + query.replace("\n", "\n     ") + ";");
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(query)) {
          ResultPrinter.of(ResultPrinter.Format.TABLE, out, out).result(rs);
        }
      }
    } catch (SQLException e) {
      throw new SqlCommand.SqlError("demo query failed: " + SqlCommand.message(e, ""), e);
    }
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = DemoCommand.class.getResourceAsStream(RESOURCES + name);
    if (in == null) {
      throw new IOException("the demo resource " + name + " is missing from the tools jar");
    }
    return in;
  }

  private static String resourceText(String name) throws IOException {
    try (InputStream in = resource(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
