package org.blazedb.storage.blz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DecodedChunkCacheTest {
  private final Arena arena = Arena.ofAuto();

  private DecodedChunkCache.Key key(String file) {
    return new DecodedChunkCache.Key(Path.of("/db/t"), "a", file, 7, 100);
  }

  /** {@code longs} values 0, 1, 2, ... */
  private DecodedChunkCache.Decoded longs(int longs) {
    MemorySegment values = arena.allocate(8L * longs);
    for (int i = 0; i < longs; i++) {
      values.setAtIndex(ValueLayout.JAVA_LONG, i, i);
    }
    return new DecodedChunkCache.Decoded(values, null, null, null);
  }

  @Test
  void aChunkAdmittedOnceIsFoundAgainAsACopy() {
    DecodedChunkCache cache = new DecodedChunkCache(1 << 20);
    DecodedChunkCache.Decoded original = longs(10);
    assertNull(cache.pin(key("1.chunk")));
    DecodedChunkCache.Entry admitted = cache.admit(key("1.chunk"), original);
    original.values().fill((byte) 0); // the reader's buffer is reused for the next chunk
    cache.release(admitted);

    DecodedChunkCache.Entry found = cache.pin(key("1.chunk"));
    assertSame(admitted, found);
    assertEquals(9, found.decoded().values().getAtIndex(ValueLayout.JAVA_LONG, 9));
    assertEquals(new DecodedChunkCache.Stats(80, 1, 1), cache.stats());
    // same file name, different checksum: a table dropped and created again in another process
    assertNull(cache.pin(new DecodedChunkCache.Key(Path.of("/db/t"), "a", "1.chunk", 8, 100)));
  }

  @Test
  void cachedMemoryIsReadOnly() {
    DecodedChunkCache cache = new DecodedChunkCache(1 << 20);
    DecodedChunkCache.Entry e = cache.admit(key("1.chunk"), longs(4));
    assertThrows(IllegalArgumentException.class,
        () -> e.decoded().values().setAtIndex(ValueLayout.JAVA_LONG, 0, 1));
  }

  @Test
  void theLeastRecentlyUsedUnpinnedEntryMakesRoom() {
    DecodedChunkCache cache = new DecodedChunkCache(3 * 80);
    DecodedChunkCache.Entry first = cache.admit(key("1.chunk"), longs(10));
    DecodedChunkCache.Entry second = cache.admit(key("2.chunk"), longs(10));
    DecodedChunkCache.Entry third = cache.admit(key("3.chunk"), longs(10));
    cache.release(first);
    cache.release(second);
    cache.release(cache.pin(key("1.chunk"))); // 2 is now the least recently used

    DecodedChunkCache.Entry fourth = cache.admit(key("4.chunk"), longs(10));
    assertNotNull(fourth);
    assertFalse(second.decoded().values().scope().isAlive(), "the evicted entry's memory is freed");
    assertNull(cache.pin(key("2.chunk")));
    assertNotNull(cache.pin(key("1.chunk")));
    assertEquals(240, cache.stats().bytes());

    // 1 pinned again, 3 and 4 still pinned: nothing can make room
    assertNull(cache.admit(key("5.chunk"), longs(10)));
    assertTrue(third.decoded().values().scope().isAlive());
    assertNull(cache.admit(key("6.chunk"), longs(100)), "larger than the whole cache");
  }

  @Test
  void anEntryEvictedWhilePinnedStaysReadableUntilReleased() {
    DecodedChunkCache cache = new DecodedChunkCache(1 << 20);
    DecodedChunkCache.Entry pinned = cache.admit(key("1.chunk"), longs(10));
    DecodedChunkCache.Entry unpinned = cache.admit(key("2.chunk"), longs(10));
    cache.release(unpinned);
    cache.admit(new DecodedChunkCache.Key(Path.of("/db/u"), "a", "1.chunk", 7, 100), longs(10));

    cache.evictTable(Path.of("/db/./t"));
    assertFalse(unpinned.decoded().values().scope().isAlive());
    assertEquals(5, pinned.decoded().values().getAtIndex(ValueLayout.JAVA_LONG, 5));
    assertNull(cache.pin(key("1.chunk")));
    assertEquals(80, cache.stats().bytes(), "table u's entry stays");
    cache.release(pinned);
    assertFalse(pinned.decoded().values().scope().isAlive());
  }

  @Test
  void theBudgetIsASizeAndABadOneNamesTheProperty() {
    assertEquals(0, DecodedChunkCache.size("0"));
    assertEquals(2L << 30, DecodedChunkCache.size("2GB"));
    assertTrue(DecodedChunkCache.size(null) > 0, "a quarter of physical memory");
    BlzException e = assertThrows(BlzException.class, () -> DecodedChunkCache.size("lots"));
    assertTrue(e.getMessage().startsWith("-Dblazedb.cache_size=lots: expected a size such as 512MB"), e.getMessage());
  }

  @Test
  void anEntryAddedByAnotherReaderMeanwhileIsTheOneReturned() {
    DecodedChunkCache cache = new DecodedChunkCache(1 << 20);
    DecodedChunkCache.Entry first = cache.admit(key("1.chunk"), longs(10));
    DecodedChunkCache.Entry second = cache.admit(key("1.chunk"), longs(10));
    assertSame(first, second);
    assertEquals(80, cache.stats().bytes());
  }

  @Test
  void aZeroBudgetCachesNothing() {
    DecodedChunkCache cache = new DecodedChunkCache(0);
    assertNull(cache.admit(key("1.chunk"), longs(1)));
    assertEquals(0, cache.stats().bytes());
  }
}
