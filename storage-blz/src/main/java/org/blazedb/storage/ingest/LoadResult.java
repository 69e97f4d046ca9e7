package org.blazedb.storage.ingest;

import org.blazedb.engine.datashape.DataShape;

/**
 * What a load did.
 *
 * @param rows rows committed
 * @param shape the table's DataShape
 * @param inferred whether the shape was inferred from the data
 * @param createdTable whether the load created the table
 */
public record LoadResult(long rows, DataShape shape, boolean inferred, boolean createdTable) {}
