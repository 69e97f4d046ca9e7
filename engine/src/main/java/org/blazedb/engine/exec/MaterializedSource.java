package org.blazedb.engine.exec;

import org.blazedb.engine.vector.Batch;

/** Rows the engine already holds ({@link Columns}), read by a pipeline in morsels of {@link #MORSEL} rows. */
public record MaterializedSource(Columns columns) implements BatchSource {
  static final int MORSEL = 1 << 16;

  @Override
  public int morsels() {
    return (columns.rows() + MORSEL - 1) / MORSEL;
  }

  @Override
  public long rows() {
    return columns.rows();
  }

  @Override
  public Reader open() {
    return new Reader() {
      @Override
      public Batch read(int morsel) {
        int from = morsel * MORSEL;
        return columns.batch(from, Math.min(MORSEL, columns.rows() - from));
      }

      @Override
      public void close() {}
    };
  }
}
