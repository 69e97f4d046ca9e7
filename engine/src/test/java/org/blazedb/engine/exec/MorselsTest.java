package org.blazedb.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.blazedb.engine.vector.Batch;
import org.blazedb.engine.vector.ValueType;
import org.junit.jupiter.api.Test;

class MorselsTest {
  /**
   * Closing rows read by several workers stops them and returns once none is at work: the query
   * then frees what they read (its budget's memory). Each morsel here takes 50 ms to read, and the
   * workers read ahead of the one row taken.
   */
  @Test
  void closingParallelRowsWaitsForTheWorkersAtWork() throws InterruptedException {
    MemoryBudget budget = MemoryBudget.unlimited();
    Columns columns = new Columns(List.of(ValueType.BIGINT), budget, "test");
    for (long i = 0; i < 8L * MaterializedSource.MORSEL; i++) {
      columns.append(new Object[] {i});
    }
    AtomicInteger reading = new AtomicInteger();
    BatchSource slow = new SlowSource(new MaterializedSource(columns), reading);
    Calc project = new Calc(null, List.of(Calc.Projection.of(0, ValueType.BIGINT)));
    Morsels.RowIterator rows = Morsels.rows(new Pipeline(slow, List.of(project)), 2, budget, () -> { });
    assertTrue(rows.hasNext());
    assertEquals(0L, rows.next()[0]);
    Thread.sleep(20); // the workers are reading the morsels after the first
    rows.close();
    assertEquals(0, reading.get());
    budget.close();
  }

  /** Morsels of {@code source}, counted in {@code reading} while each takes 50 ms to read. */
  private record SlowSource(BatchSource source, AtomicInteger reading) implements BatchSource {
    @Override
    public int morsels() {
      return source.morsels();
    }

    @Override
    public long rows() {
      return source.rows();
    }

    @Override
    public Reader open() {
      Reader reader = source.open();
      return new Reader() {
        @Override
        public Batch read(int morsel) {
          reading.incrementAndGet();
          try {
            Thread.sleep(50);
            return reader.read(morsel);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          } finally {
            reading.decrementAndGet();
          }
        }

        @Override
        public void close() {
          reader.close();
        }
      };
    }
  }
}
