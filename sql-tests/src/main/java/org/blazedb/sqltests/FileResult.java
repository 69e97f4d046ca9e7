package org.blazedb.sqltests;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of one sqllogictest file.
 *
 * @param file the resource path, e.g. {@code test/select1.test}
 * @param queries queries in the file
 * @param passed queries whose result matched
 * @param wrong queries that ran but returned another result
 * @param errors queries that failed with an error where BlazeDB should have answered
 * @param dialect queries that failed because they assume SQLite's dialect (see {@link Causes})
 * @param notRun queries after a statement that failed although it should not (the file stops there)
 * @param causes failure cause to count, each cause prefixed by its class (wrong result, error, dialect)
 * @param examples failure cause to one place it happened (file:line)
 */
public record FileResult(
    String file, int queries, int passed, int wrong, int errors, int dialect, int notRun,
    Map<String, Integer> causes, Map<String, String> examples) {

  public FileResult {
    causes = Map.copyOf(causes);
    examples = Map.copyOf(examples);
  }

  /** The directory the file is in, for the report (e.g. {@code test/evidence}). */
  public String directory() {
    int slash = file.lastIndexOf('/');
    return slash < 0 ? "" : file.substring(0, slash);
  }

  static Map<String, Integer> newCauses() {
    return new LinkedHashMap<>();
  }
}
