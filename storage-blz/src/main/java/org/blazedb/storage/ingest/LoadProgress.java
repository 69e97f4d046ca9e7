package org.blazedb.storage.ingest;

/** Told how far a load has come; called every few thousand records and once at the end. */
@FunctionalInterface
public interface LoadProgress {
  LoadProgress NONE = (bytes, rows) -> {};

  void update(long bytesRead, long rows);
}
