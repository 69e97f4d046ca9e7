package org.blazedb.engine.exec;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.blazedb.engine.kernel.AggregateKernel;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.Boxing;
import org.blazedb.engine.vector.ValueType;
import org.blazedb.engine.vector.Vector;

/**
 * Runs a {@link Pipeline} over its morsels on several threads: each worker takes the next morsel
 * not yet taken (morsel-driven scheduling), so threads that finish early take more. With one
 * thread or one morsel, everything runs in the calling thread.
 */
public final class Morsels {
  /**
   * Engine workers are virtual threads: a worker waiting for a slow or abandoned reader of rows
   * then holds no platform thread, so it can never starve another query's workers (a fixed pool
   * did: rows read only in part left its threads waiting). Parallelism is the carrier pool's,
   * one per core.
   */
  private static final ExecutorService POOL = Executors.newThreadPerTaskExecutor(
      Thread.ofVirtual().name("blaze-worker-", 0).factory());

  /**
   * Below this many rows a pipeline runs in the calling thread: handing out morsels costs more than
   * it saves (tables grown by single-row INSERTs have thousands of one-row chunks).
   */
  static final long PARALLEL_MIN_ROWS = 1 << 17;

  private Morsels() {}

  private static int workers(Pipeline pipeline, int threads) {
    BatchSource source = pipeline.source();
    return source.rows() < PARALLEL_MIN_ROWS ? 1 : Math.max(1, Math.min(threads, source.morsels()));
  }

  /**
   * Aggregates the pipeline's output: one aggregator per worker, merged at the end into the one
   * returned; grouped first by build row when {@link BuildRowGrouping} applies.
   *
   * @param keys the output columns grouped by
   * @param kernels the update of each call, as {@link AggregateCall#kernels} compiles them
   * @param check called before each morsel; it throws to stop the query (cancel, timeout)
   */
  public static AggregateResult aggregate(Pipeline pipeline, List<Integer> keys, List<AggregateCall> calls,
      List<AggregateKernel> kernels, int threads, MemoryBudget budget, Runnable check) {
    BuildRowGrouping byBuildRow = BuildRowGrouping.of(pipeline, keys);
    if (byBuildRow != null) {
      return byBuildRow.aggregate(calls, kernels, threads, budget, check);
    }
    List<ValueType> types = pipeline.outputTypes();
    List<HashAggregator> partials = run(pipeline,
        () -> new HashAggregator(keys, keys.stream().map(types::get).toList(), calls, kernels, budget),
        HashAggregator::add, true, threads, budget, check);
    HashAggregator result = partials.getFirst();
    for (HashAggregator partial : partials.subList(1, partials.size())) {
      result.merge(partial);
    }
    return result;
  }

  /** Appends the pipeline's output to {@code into} (from several workers at once, so in no set order). */
  public static void collect(Pipeline pipeline, Columns into, int threads, MemoryBudget budget, Runnable check) {
    run(pipeline, () -> into, Columns::append, true, threads, budget, check);
  }

  /**
   * Runs the pipeline's morsels on its workers, each pushing its batches into its own state (what
   * {@code states} gives it); what the stages push at the end goes into the first state.
   */
  public static <T> List<T> run(Pipeline pipeline, Supplier<T> states, java.util.function.BiConsumer<T, Batch> add,
      int threads, MemoryBudget budget, Runnable check) {
    return run(pipeline, states, add, false, threads, budget, check);
  }

  /** {@link #run}, {@code add} taking batches with a selection if {@code selecting}. */
  static <T> List<T> run(Pipeline pipeline, Supplier<T> states, java.util.function.BiConsumer<T, Batch> add,
      boolean selecting, int threads, MemoryBudget budget, Runnable check) {
    int morsels = pipeline.source().morsels();
    int workers = workers(pipeline, threads);
    AtomicInteger next = new AtomicInteger();
    List<Supplier<T>> tasks = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      tasks.add(() -> {
        T state = states.get();
        try (Pipeline.Worker worker = selecting ? pipeline.selectingWorker(budget, check)
            : pipeline.worker(budget, check)) {
          for (int m = next.getAndIncrement(); m < morsels; m = next.getAndIncrement()) {
            check.run();
            worker.process(m, batch -> add.accept(state, batch));
          }
        }
        return state;
      });
    }
    List<T> results = runAll(tasks);
    finish(pipeline, budget, check, batch -> add.accept(results.getFirst(), batch));
    return results;
  }

  /** The rows stages push once every morsel is done (build rows no probe row matched), in the calling thread. */
  private static void finish(Pipeline pipeline, MemoryBudget budget, Runnable check,
      java.util.function.Consumer<Batch> sink) {
    if (pipeline.finishes()) {
      try (Pipeline.Worker worker = pipeline.worker(budget, check)) {
        worker.finish(sink);
      }
    }
  }

  private static <T> List<T> runAll(List<Supplier<T>> tasks) {
    if (tasks.size() == 1) {
      return List.of(tasks.getFirst().get());
    }
    List<Future<T>> futures = tasks.stream().map(t -> POOL.submit(t::get)).toList();
    List<T> results = new ArrayList<>();
    RuntimeException failure = null;
    for (Future<T> f : futures) {
      try {
        results.add(f.get());
      } catch (java.util.concurrent.ExecutionException e) {
        failure = failure != null ? failure : unwrap(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = new IllegalStateException("interrupted", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return results;
  }

  static RuntimeException unwrap(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(t);
  }

  /** The pipeline's output rows ({@link Boxing} values), in morsel order. Close it when done. */
  public static RowIterator rows(Pipeline pipeline, int threads, MemoryBudget budget, Runnable check) {
    int workers = workers(pipeline, threads);
    return workers == 1 ? new SequentialRows(pipeline, budget, check) : new ParallelRows(pipeline, workers, budget, check);
  }

  /** An iterator that must be closed when abandoned early. */
  public interface RowIterator extends Iterator<Object[]>, AutoCloseable {
    @Override
    void close();
  }

  /**
   * Rows of one morsel after another, in order ({@link #nextMorsel()} gives each morsel's rows),
   * then those the pipeline pushes when every morsel is done.
   */
  private abstract static class MorselRows implements RowIterator {
    private final Pipeline pipeline;
    private final MemoryBudget budget;
    private final Runnable check;
    private Iterator<Object[]> current = java.util.Collections.emptyIterator();
    private boolean finished;

    MorselRows(Pipeline pipeline, MemoryBudget budget, Runnable check) {
      this.pipeline = pipeline;
      this.budget = budget;
      this.check = check;
    }

    /** The next morsel's rows, or null after the last. */
    abstract List<Object[]> nextMorsel();

    @Override
    public boolean hasNext() {
      while (!current.hasNext()) {
        List<Object[]> next = nextMorsel();
        if (next == null) {
          if (finished) {
            return false;
          }
          finished = true;
          List<Object[]> rows = new ArrayList<>();
          finish(pipeline, budget, check, batch -> rows.addAll(toRows(batch)));
          next = rows;
        }
        current = next.iterator();
      }
      return true;
    }

    @Override
    public Object[] next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return current.next();
    }
  }

  /** The rows of morsel {@code morsel}, boxed. */
  private static List<Object[]> process(Pipeline.Worker worker, int morsel) {
    List<Object[]> rows = new ArrayList<>();
    worker.process(morsel, batch -> rows.addAll(toRows(batch)));
    return rows;
  }

  static List<Object[]> toRows(Batch batch) {
    List<Object[]> rows = new ArrayList<>(batch.rows());
    Vector[] columns = batch.columns();
    for (int i = 0; i < batch.rows(); i++) {
      Object[] row = new Object[columns.length];
      for (int c = 0; c < columns.length; c++) {
        row[c] = Boxing.get(columns[c], i);
      }
      rows.add(row);
    }
    return rows;
  }

  private static final class SequentialRows extends MorselRows {
    private final Pipeline.Worker worker;
    private final int morsels;
    private final Runnable check;
    private int morsel;

    SequentialRows(Pipeline pipeline, MemoryBudget budget, Runnable check) {
      super(pipeline, budget, check);
      this.worker = pipeline.worker(budget, check);
      this.morsels = pipeline.source().morsels();
      this.check = check;
    }

    @Override
    List<Object[]> nextMorsel() {
      if (morsel == morsels) {
        return null;
      }
      check.run();
      return process(worker, morsel++);
    }

    @Override
    public void close() {
      worker.close();
    }
  }

  /**
   * Workers convert morsels to rows ahead of the reader, at most {@code 2 * workers} morsels
   * ahead, and the reader takes them in morsel order. Workers see only the {@link Shared} state:
   * if the reader is dropped without being closed, a cleaner closes that state, so waiting
   * workers never hold the engine's threads for good.
   */
  private static final class ParallelRows extends MorselRows {
    // a cleaner of its own: closing waits for the workers at work, which would hold up the
    // freeing of queries' memory (MemoryBudget's cleaner) queued behind it
    private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();
    private final Shared shared;
    private final java.lang.ref.Cleaner.Cleanable cleanable;

    ParallelRows(Pipeline pipeline, int workers, MemoryBudget budget, Runnable check) {
      super(pipeline, budget, check);
      this.shared = new Shared(pipeline.source().morsels(), 2 * workers);
      this.cleanable = CLEANER.register(this, shared::close);
      for (int w = 0; w < workers; w++) {
        POOL.submit(() -> shared.work(pipeline, budget, check));
      }
    }

    @Override
    List<Object[]> nextMorsel() {
      return shared.take();
    }

    @Override
    public void close() {
      cleanable.clean();
    }
  }

  private static final class Shared {
    private final List<Object[]>[] done;
    private final int window;
    private final AtomicInteger next = new AtomicInteger();
    private int consumed;
    private volatile boolean closed;
    /** Workers started and not yet ended: {@link #close} waits for them, whose tables the query then frees. */
    private int working;
    private RuntimeException failure;

    @SuppressWarnings("unchecked")
    Shared(int morsels, int window) {
      this.done = new List[morsels];
      this.window = window;
    }

    void work(Pipeline pipeline, MemoryBudget budget, Runnable queryCheck) {
      Runnable check = () -> { // a reader that stopped reading stops a morsel a join multiplies, too
        if (closed) {
          throw new java.util.concurrent.CancellationException("rows no longer read");
        }
        queryCheck.run();
      };
      synchronized (this) {
        if (closed) {
          return;
        }
        working++;
      }
      try (Pipeline.Worker worker = pipeline.worker(budget, check)) {
        for (int m = next.getAndIncrement(); m < done.length; m = next.getAndIncrement()) {
          synchronized (this) {
            while (m >= consumed + window && !closed) {
              wait();
            }
            if (closed) {
              return;
            }
          }
          check.run();
          List<Object[]> rows = process(worker, m);
          synchronized (this) {
            done[m] = rows;
            notifyAll();
          }
        }
      } catch (Throwable t) {
        synchronized (this) {
          failure = failure != null ? failure : t instanceof RuntimeException r ? r : new IllegalStateException(t);
        }
      } finally {
        synchronized (this) {
          working--;
          notifyAll();
        }
      }
    }

    /** The next morsel's rows in order, or null after the last. */
    synchronized List<Object[]> take() {
      if (consumed == done.length) {
        return null;
      }
      while (done[consumed] == null && failure == null) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the engine's workers", e);
        }
      }
      if (failure != null) {
        throw failure;
      }
      List<Object[]> rows = done[consumed];
      done[consumed++] = null;
      notifyAll();
      return rows;
    }

    /** Stops the workers and waits for those at work: each stops at its next check, within a batch. */
    synchronized void close() {
      closed = true;
      notifyAll();
      boolean interrupted = false;
      while (working > 0) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
