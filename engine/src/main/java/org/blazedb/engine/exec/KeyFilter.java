package org.blazedb.engine.exec;

/**
 * A Bloom filter of a hash join's build keys, probed before the hash table: a probe key it rules
 * out costs one load and a branch that a selective join (most probes miss) predicts well, where a
 * look-up in the table mispredicts on whether each slot is empty. Blocked: both bits of a key lie in
 * one 64-bit word, chosen by the high bits of {@link GroupTable#mix64} (the table uses the low ones).
 */
final class KeyFilter {
  /** Bits per key: with two bits per key, about one probe in 50 that misses the table passes. */
  private static final int BITS_PER_KEY = 16;

  private final long[] words;
  private final int mask;

  /** A filter sized for {@code keys} keys. */
  KeyFilter(int keys) {
    this.words = new long[words(keys)];
    this.mask = words.length - 1;
  }

  /** Bytes a filter of {@code keys} keys takes. */
  static long bytes(int keys) {
    return 8L * words(keys);
  }

  private static int words(int keys) {
    return Integer.highestOneBit(Math.max(1, (int) ((long) keys * BITS_PER_KEY / 64))) * 2;
  }

  /** Adds the key whose {@link GroupTable#mix64} is {@code hash}. */
  void add(long hash) {
    words[index(hash)] |= bits(hash);
  }

  /**
   * 0 when the key whose {@link GroupTable#mix64} is {@code hash} was certainly not added, else 1;
   * without a branch (see {@link BranchFree}).
   */
  int mayContain(long hash) {
    return BranchFree.isZero(bits(hash) & ~words[index(hash)]);
  }

  /** The word that holds the bits of the key whose {@link GroupTable#mix64} is {@code hash}. */
  long word(long hash) {
    return words[index(hash)];
  }

  private int index(long hash) {
    return (int) (hash >>> 44) & mask;
  }

  private static long bits(long hash) {
    return 1L << (hash >>> 32) | 1L << (hash >>> 38); // shifts use their low 6 bits
  }
}
