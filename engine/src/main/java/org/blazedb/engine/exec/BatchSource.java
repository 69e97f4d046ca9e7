package org.blazedb.engine.exec;

import org.blazedb.engine.vector.Batch;

/**
 * Where a pipeline's batches come from: a table cut into morsels (for BLZ, one chunk of every
 * column) that workers read independently.
 */
public interface BatchSource {
  /** How many morsels there are. */
  int morsels();

  /** How many rows they hold in all. */
  long rows();

  /** A reader for one worker thread; it owns the buffers its batches live in. */
  Reader open();

  interface Reader extends AutoCloseable {
    /** Morsel {@code morsel}; valid until the next call or {@link #close()}. */
    Batch read(int morsel);

    @Override
    void close();
  }
}
