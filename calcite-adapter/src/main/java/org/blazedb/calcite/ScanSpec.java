package org.blazedb.calcite;

import java.util.List;

/**
 * What a {@link BlazeTableScan} reads.
 *
 * @param fields the top-level fields of each output row, in order
 * @param paths the column paths to read (nested ones, e.g. {@code location.country}, leave the
 *     rest of their record null), or null to read the fields whole
 * @param zone predicates whose chunk statistics decide which chunks are read
 */
public record ScanSpec(int[] fields, List<String> paths, List<ZonePredicate> zone) {
  public ScanSpec {
    paths = paths == null ? null : List.copyOf(paths);
    zone = List.copyOf(zone);
  }

  static ScanSpec allOf(int fieldCount) {
    return new ScanSpec(java.util.stream.IntStream.range(0, fieldCount).toArray(), null, List.of());
  }

  ScanSpec withFields(int[] newFields, List<String> newPaths) {
    return new ScanSpec(newFields, newPaths, zone);
  }

  ScanSpec withZone(List<ZonePredicate> predicates) {
    return new ScanSpec(fields, paths, predicates);
  }
}
