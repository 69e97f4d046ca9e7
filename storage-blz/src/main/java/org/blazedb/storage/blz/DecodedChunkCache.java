package org.blazedb.storage.blz;

import org.blazedb.engine.vector.LargeSegments;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.blazedb.engine.exec.MemoryBudget;

/**
 * Column chunks as the engine reads them (decompressed, unshuffled, integers widened to 64 bits),
 * kept off-heap across queries up to a byte budget, least recently used first out: ClickHouse's
 * uncompressed cache. Decoding is a fifth of TPC-H's time without it (JFR, SF1, all 22 queries).
 *
 * <p>A reader pins the entries of the chunk it returned until its next read or its close, the life
 * a batch has anyway; an entry evicted while pinned is freed by its last release. Chunk files never
 * change once written, so an entry stays right for as long as its file exists; a dropped table's
 * entries are removed, since a table created again under its name reuses the file names. A file
 * damaged after its chunk was cached is noticed when the chunk is next read from disk.
 */
public final class DecodedChunkCache {
  /** System property: the budget in bytes ({@code 0} turns the cache off; {@code 512MB}, {@code 4GB}). */
  public static final String SIZE_PROPERTY = "blazedb.cache_size";
  private static DecodedChunkCache shared;

  /**
   * A chunk file: the table's directory (absolute, normalized), the column's folder and the file's
   * name, told apart from an earlier file of the same name by its checksum and size.
   */
  record Key(Path table, String column, String file, int crc32c, long fileBytes) {}

  /** One column chunk in engine form; {@code values} is null for VARLEN, {@code offsets} and {@code data} otherwise. */
  public record Decoded(MemorySegment values, MemorySegment validity, MemorySegment offsets, MemorySegment data) {
    long byteSize() {
      return size(values) + size(validity) + size(offsets) + size(data);
    }

    private static long size(MemorySegment segment) {
      return segment == null ? 0 : segment.byteSize();
    }
  }

  /** A cached chunk; readers hold it pinned while a batch refers to its memory. */
  public static final class Entry {
    private final Key key;
    private final Arena arena = Arena.ofShared();
    private final Decoded decoded;
    private final long bytes;
    private int pins = 1;
    private boolean evicted;

    /** A copy of {@code decoded} in memory of its own, read-only: whoever wrote into a scan's batch would corrupt the cache. */
    private Entry(Key key, Decoded decoded) {
      this.key = key;
      this.decoded = new Decoded(copy(decoded.values), copy(decoded.validity), copy(decoded.offsets), copy(decoded.data));
      this.bytes = decoded.byteSize();
    }

    private MemorySegment copy(MemorySegment source) {
      if (source == null) {
        return null;
      }
      MemorySegment copy = LargeSegments.allocate(arena, source.byteSize(), 64);
      MemorySegment.copy(source, 0, copy, 0, source.byteSize());
      return copy.asReadOnly();
    }

    public Decoded decoded() {
      return decoded;
    }
  }

  private final long capacity;
  private final Map<Key, Entry> entries = new LinkedHashMap<>(256, 0.75f, true);
  private long bytes;
  private long hits;
  private long misses;

  DecodedChunkCache(long capacity) {
    this.capacity = capacity;
  }

  /**
   * The process's cache, sized by {@value #SIZE_PROPERTY} (default: a quarter of physical memory);
   * a bad size fails every scan that asks, naming the property.
   */
  public static synchronized DecodedChunkCache shared() {
    if (shared == null) {
      shared = new DecodedChunkCache(size(System.getProperty(SIZE_PROPERTY)));
    }
    return shared;
  }

  /** The entry for {@code key}, pinned, or null when it is not cached. */
  synchronized Entry pin(Key key) {
    Entry e = entries.get(key);
    if (e == null) {
      misses++;
      return null;
    }
    hits++;
    e.pins++;
    return e;
  }

  /**
   * Copies {@code decoded} into the cache and returns its entry pinned, or null when the budget
   * cannot hold it even after evicting every unpinned entry. An entry another reader added first
   * is returned instead. The copy is made outside the lock, so readers of other chunks wait for
   * none.
   */
  Entry admit(Key key, Decoded decoded) {
    if (decoded.byteSize() > capacity) {
      return null;
    }
    Entry made = new Entry(key, decoded);
    List<Entry> freed = new ArrayList<>();
    Entry admitted = null;
    synchronized (this) {
      Entry present = entries.get(key);
      if (present != null) {
        present.pins++;
        admitted = present;
      } else {
        for (Iterator<Entry> eldest = entries.values().iterator(); bytes + made.bytes > capacity && eldest.hasNext(); ) {
          Entry e = eldest.next();
          if (e.pins == 0) {
            eldest.remove();
            bytes -= e.bytes;
            freed.add(e);
          }
        }
        if (bytes + made.bytes <= capacity) {
          bytes += made.bytes;
          entries.put(key, made);
          admitted = made;
        }
      }
    }
    if (admitted != made) {
      freed.add(made);
    }
    freed.forEach(e -> e.arena.close());
    return admitted;
  }

  /** Ends a pin; the entry's memory is freed here when it was evicted meanwhile. */
  void release(Entry e) {
    synchronized (this) {
      if (--e.pins > 0 || !e.evicted) {
        return;
      }
    }
    e.arena.close();
  }

  /** Removes the entries of the table in {@code dir} (a dropped one). */
  void evictTable(Path dir) {
    Path table = TableSnapshot.cacheDir(dir);
    List<Entry> freed = new ArrayList<>();
    synchronized (this) {
      for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
        Entry e = it.next();
        if (e.key.table().equals(table)) {
          it.remove();
          bytes -= e.bytes;
          if (e.pins == 0) {
            freed.add(e);
          } else {
            e.evicted = true;
          }
        }
      }
    }
    freed.forEach(e -> e.arena.close());
  }

  /** Bytes held, hits and misses so far. */
  public synchronized Stats stats() {
    return new Stats(bytes, hits, misses);
  }

  public record Stats(long bytes, long hits, long misses) {}

  /** The budget {@code text} names (null: a quarter of physical memory). */
  static long size(String text) {
    if (text == null) {
      return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
          .getTotalMemorySize() / 4;
    }
    try {
      return MemoryBudget.parseSize(text, true);
    } catch (IllegalArgumentException e) {
      throw new BlzException("-D" + SIZE_PROPERTY + "=" + e.getMessage());
    }
  }
}
