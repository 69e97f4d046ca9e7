package org.blazedb.engine.exec;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.blazedb.engine.kernel.FilterCascade;
import org.blazedb.engine.kernel.FilterKernel;
import org.blazedb.engine.vector.Batch;

/**
 * A hash join's build keys as a filter of its probe rows, run before a filter that comes earlier
 * in its pipeline: the rows the join would drop are not filtered first. TPC-H Q4 compared the
 * commit and receipt dates of all 6M lineitems, then kept the 4% whose orders its date range
 * had kept; its dates are now read for those alone.
 */
public final class ProbeKeyFilter implements FilterKernel {
  /**
   * Most of the key range a join's keys may fill: a probe row then costs a look-up in the bitmap
   * more, and the filter it runs before is spared three quarters of the rows or more.
   */
  static final double MAX_KEY_SHARE = 0.25;

  private final JoinTable table;
  private final int column;

  private ProbeKeyFilter(JoinTable table, int column) {
    this.table = table;
    this.column = column;
  }

  /**
   * {@code stages} with the keys of each hash join that drops the probe rows it does not match,
   * keys of one column tested against the table's bitmap that fill at most {@link #MAX_KEY_SHARE}
   * of their range, filtering the rows before the earliest filter they pass through unchanged.
   */
  public static List<Stage> hoisted(List<Stage> stages) {
    List<Stage> hoisted = new ArrayList<>(stages);
    for (int s = 1; s < hoisted.size(); s++) {
      if (!(hoisted.get(s) instanceof HashJoin join) || !join.type().dropsUnmatchedProbeRows()
          || join.probeKeys().length != 1 || !join.table().readsKeyColumn(join.probeTypes().get(join.probeKeys()[0]))
          || join.table().keyShare() > MAX_KEY_SHARE) {
        continue;
      }
      int target = -1;
      int targetColumn = -1;
      int column = join.probeKeys()[0];
      for (int t = s - 1; t >= 0 && column >= 0; t--) {
        column = hoisted.get(t).passes(column);
        if (column >= 0 && hoisted.get(t) instanceof Calc calc && calc.filter() != null) {
          target = t;
          targetColumn = column;
        }
      }
      if (target >= 0) {
        Calc calc = (Calc) hoisted.get(target);
        FilterKernel keys = new ProbeKeyFilter(join.table(), targetColumn);
        hoisted.set(target, new Calc(FilterCascade.chain(keys, calc.filter()), calc.projections(), calc.given()));
      }
    }
    return hoisted;
  }

  @Override
  public int apply(Batch batch, MemorySegment selection) {
    return table.selectBuildKeys(batch.columns()[column], batch.selection(), batch.selected(), selection);
  }

  @Override
  public int[] columns() {
    return new int[] {column};
  }

  @Override
  public String backend() {
    return "java";
  }
}
