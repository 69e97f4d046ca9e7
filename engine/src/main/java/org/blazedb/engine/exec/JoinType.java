package org.blazedb.engine.exec;

/**
 * What a hash join returns, named from the probe side: LEFT keeps every probe row, RIGHT every
 * build row, FULL both; SEMI returns the probe rows that have a match, ANTI those that have none
 * (a NULL key matches nothing); BUILD_SEMI and BUILD_ANTI are those two with the sides exchanged,
 * returning build rows (a SEMI join whose probe side is the larger one builds on the smaller).
 */
public enum JoinType {
  INNER, LEFT, RIGHT, FULL, SEMI, ANTI, BUILD_SEMI, BUILD_ANTI;

  /** The same join with probe and build sides exchanged. */
  public JoinType swapped() {
    return switch (this) {
      case LEFT -> RIGHT;
      case RIGHT -> LEFT;
      case INNER, FULL -> this;
      case SEMI -> BUILD_SEMI;
      case ANTI -> BUILD_ANTI;
      case BUILD_SEMI -> SEMI;
      case BUILD_ANTI -> ANTI;
    };
  }

  /** Whether the output is the probe rows alone. */
  public boolean probeOnly() {
    return this == SEMI || this == ANTI;
  }

  /** Whether the output is the build rows alone. */
  public boolean buildOnly() {
    return this == BUILD_SEMI || this == BUILD_ANTI;
  }

  boolean keepsProbeRows() {
    return this == LEFT || this == FULL;
  }

  /** Whether a probe row no build row matches adds nothing to the output (nor to what it keeps of the build rows). */
  boolean dropsUnmatchedProbeRows() {
    return !keepsProbeRows() && this != ANTI;
  }

  /** Whether build rows are pushed once probing is over, as they were matched or not: so a table serves one run only. */
  public boolean keepsBuildRows() {
    return this == RIGHT || this == FULL || buildOnly();
  }

  /** Of the build rows pushed at the end, whether they are those matched (else those never matched). */
  boolean keepsMatchedBuildRows() {
    return this == BUILD_SEMI;
  }
}
