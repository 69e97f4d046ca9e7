package org.blazedb.engine.exec;

/**
 * What a hash join returns, named from the probe side: LEFT keeps every probe row, RIGHT every
 * build row, FULL both; SEMI returns the probe rows that have a match, ANTI those that have none
 * (a NULL key matches nothing).
 */
public enum JoinType {
  INNER, LEFT, RIGHT, FULL, SEMI, ANTI;

  /** The same join with probe and build sides exchanged (not defined for SEMI and ANTI). */
  public JoinType swapped() {
    return switch (this) {
      case LEFT -> RIGHT;
      case RIGHT -> LEFT;
      case INNER, FULL -> this;
      case SEMI, ANTI -> throw new IllegalStateException(this + " keeps the probe side");
    };
  }

  /** Whether the output is the probe rows alone. */
  public boolean probeOnly() {
    return this == SEMI || this == ANTI;
  }

  boolean keepsProbeRows() {
    return this == LEFT || this == FULL;
  }

  boolean keepsBuildRows() {
    return this == RIGHT || this == FULL;
  }
}
