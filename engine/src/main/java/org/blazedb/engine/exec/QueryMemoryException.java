package org.blazedb.engine.exec;

/** A query needed more memory than its limit; thrown instead of running the JVM out of memory. */
public final class QueryMemoryException extends RuntimeException {
  public QueryMemoryException(String message) {
    super(message);
  }
}
