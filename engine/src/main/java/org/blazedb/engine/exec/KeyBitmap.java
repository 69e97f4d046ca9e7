package org.blazedb.engine.exec;

/**
 * The exact set of a hash join's build keys of one long, a bit for each value of their range
 * ({@code key - min}, from 0 to {@code span}): used instead of a {@link KeyFilter} when the range
 * is narrow enough. A probe key is tested without hashing it, and a key it lets through always has
 * rows (profile of TPC-H at SF1: hashing every probe key for the Bloom filter was half of Q17 and
 * Q8, which probe 6M lineitems with 2,000 parts numbered 1 to 200,000).
 */
final class KeyBitmap {
  private final long[] words;
  private final long span;

  /** An empty set of the indexes 0 to {@code span} (unsigned, below 2^31 * 64). */
  KeyBitmap(long span) {
    this.words = new long[words(span)];
    this.span = span;
  }

  /** Bytes a set of the indexes 0 to {@code span} takes. */
  static long bytes(long span) {
    return 8L * words(span);
  }

  private static int words(long span) {
    return (int) (span >>> 6) + 1;
  }

  void add(long index) {
    words[(int) (index >>> 6)] |= 1L << index;
  }

  /** How many indexes were added (each counted once). */
  long cardinality() {
    long count = 0;
    for (long word : words) {
      count += Long.bitCount(word);
    }
    return count;
  }

  /** 1 if {@code index} was added, else 0; 0 for any index outside 0 to span, negative ones too. */
  int bit(long index) {
    // no branch (see BranchFree): outside the range some word is read, and the range test says 0
    int word = (int) Math.min(index >>> 6, words.length - 1);
    return BranchFree.inRange(index, span) & (int) (words[word] >>> index) & 1;
  }
}
