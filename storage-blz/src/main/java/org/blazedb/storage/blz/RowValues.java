package org.blazedb.storage.blz;

import java.util.List;

/**
 * Builds the values a {@link RowReader} returns: each layer (Java objects, SQL engine rows) has its
 * own representation of records, arrays and scalars.
 *
 * @param <R> the type of a whole row
 */
public interface RowValues<R> {
  /** The value of a leaf at {@code row} of {@code chunk}; called only for rows that hold one. */
  Object leaf(ColumnNode.Leaf leaf, ColumnChunk chunk, int row);

  /** A present record (or tuple) from the values of {@code struct}'s children, in order. */
  Object record(ColumnNode.Struct struct, Object[] fields);

  /** A present array from its elements. */
  Object list(ColumnNode.ListNode list, List<Object> elements);

  /** A whole row from the values of the (requested) top-level fields, in table order. */
  R row(ColumnNode.Struct root, Object[] fields);
}
