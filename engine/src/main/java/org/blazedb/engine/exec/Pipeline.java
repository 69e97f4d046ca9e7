package org.blazedb.engine.exec;

import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.engine.vector.Vector;

/**
 * A source and the stages its batches are pushed through (filter and project, hash join probes),
 * fused: a worker reads a morsel and pushes it through every stage to a sink, which receives dense
 * batches (batches with a selection, if it copies what it keeps). Each stage gives only the columns that the stages after it read, the last one all of
 * its columns unless the sink reads fewer ({@link #readingOnly}): a join's keys, or a column only
 * filtered on, are gathered for no one.
 */
public record Pipeline(BatchSource source, List<Stage> stages) {
  public Pipeline {
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("a pipeline needs a stage");
    }
    BitSet all = new BitSet();
    all.set(0, stages.getLast().outputTypes().size());
    stages = given(stages, all);
  }

  /** This pipeline for a sink that reads only the output columns {@code columns} (the others are null). */
  public Pipeline readingOnly(BitSet columns) {
    return new Pipeline(source, given(stages, columns));
  }

  /** The stages, each giving what the stages after it read, the last one {@code read}. */
  private static List<Stage> given(List<Stage> stages, BitSet read) {
    Stage[] given = stages.toArray(Stage[]::new);
    BitSet needed = read;
    for (int s = given.length - 1; s >= 0; s--) {
      given[s] = given[s].giving(needed);
      needed = given[s].reads(needed);
    }
    return List.of(given);
  }

  /** The columns of {@code given} (null: all) that are also {@code needed}. */
  static BitSet narrowed(BitSet given, BitSet needed) {
    BitSet narrowed = (BitSet) needed.clone();
    if (given != null) {
      narrowed.and(given);
    }
    return narrowed;
  }

  public List<ValueType> outputTypes() {
    return stages.getLast().outputTypes();
  }

  /** Whether some stage pushes rows once all morsels are done (a join keeping unmatched build rows). */
  boolean finishes() {
    return stages.stream().anyMatch(Stage::finishes);
  }

  /**
   * The state of one worker thread: its reader and the stages' buffers. Use and close it in that thread.
   *
   * @param check called before each batch a stage pushes on; it throws to stop the query (cancel,
   *     timeout), even within a morsel that a join multiplies
   */
  public Worker worker(MemoryBudget budget, Runnable check) {
    return new Worker(budget, check, false);
  }

  /**
   * A worker whose sink takes batches with a selection, and picks the selected rows itself (it
   * copies them into {@link Columns}): rows a filter selected are then copied once, not twice.
   */
  Worker selectingWorker(MemoryBudget budget, Runnable check) {
    return new Worker(budget, check, true);
  }

  public final class Worker implements AutoCloseable {
    private final BatchSource.Reader reader = source.open();
    private final Stage.Worker[] workers = new Stage.Worker[stages.size()];
    private final List<Consumer<Batch>> downstream = new java.util.ArrayList<>();
    private final Buffers buffers;
    private final ColumnBuffer[] dense;
    private final boolean sinkSelects;
    private Consumer<Batch> sink;

    private Worker(MemoryBudget budget, Runnable check, boolean sinkSelects) {
      this.sinkSelects = sinkSelects;
      buffers = new Buffers(budget);
      dense = new ColumnBuffer[outputTypes().size()];
      java.util.Arrays.setAll(dense, c -> new ColumnBuffer());
      for (int s = 0; s < workers.length; s++) {
        workers[s] = stages.get(s).worker(budget, check);
      }
      for (int s = 0; s < workers.length; s++) {
        int next = s + 1;
        downstream.add(next < workers.length ? b -> {
          check.run();
          workers[next].process(b, downstream.get(next));
        } : this::emit);
      }
    }

    /**
     * Pushes morsel {@code morsel} through the stages; {@code to} gets dense batches (unless this
     * is a {@link #selectingWorker}), valid during its call.
     */
    public void process(int morsel, Consumer<Batch> to) {
      sink = to;
      workers[0].process(reader.read(morsel), downstream.getFirst());
    }

    /** Pushes what the stages hold back until every morsel is done; call once, after all workers finished. */
    public void finish(Consumer<Batch> to) {
      sink = to;
      for (int s = 0; s < workers.length; s++) {
        workers[s].finish(downstream.get(s));
      }
    }

    private void emit(Batch batch) {
      if (batch.selected() == 0) {
        return;
      }
      if (batch.selection() != null && !sinkSelects) {
        Vector[] columns = new Vector[dense.length];
        for (int c = 0; c < columns.length; c++) {
          Vector v = batch.columns()[c];
          columns[c] = v == null ? null : dense[c].gather(v, batch.selection(), batch.selected(), false, buffers);
        }
        batch = Batch.all(batch.selected(), columns);
      }
      sink.accept(batch);
    }

    @Override
    public void close() {
      try {
        reader.close();
      } finally {
        for (Stage.Worker w : workers) {
          if (w != null) {
            w.close();
          }
        }
        buffers.close();
      }
    }
  }
}
