package org.blazedb.storage.blz;

/**
 * What the manifest knows of one chunk: enough to verify it and to skip it without reading it.
 *
 * @param file the chunk's file name inside its column folder
 * @param rows values in the chunk (missing ones included)
 * @param fileBytes size of the file
 * @param rawBytes size of the decoded values
 * @param crc32c checksum of the whole file
 * @param nullCount rows without a value
 * @param min smallest value (Long, Double or String), or null when unknown
 * @param max largest value, or null when unknown
 * @param elements for a LENGTHS column, the sum of the lengths (element rows of the child columns)
 */
public record ChunkMeta(
    String file, int rows, long fileBytes, long rawBytes, int crc32c, int nullCount,
    Object min, Object max, long elements) {}
