package org.blazedb.storage.blz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parsed manifests, shared by the tables of this JVM. A manifest file never changes once published
 * (a commit writes the next version under a new name), so a parsed one stays valid while the file
 * is the same one: same path, file key (inode), size and modification time. Planning asks a
 * table for its row count and chunk statistics many times; parsing a manifest of thousands of
 * chunks each time cost more than running small queries.
 */
final class ManifestCache {
  private static final int CAPACITY = 256;

  private record Key(String path, Object fileKey, long size, long modified) {}

  private static final Map<Key, Manifest> CACHE = new LinkedHashMap<>(CAPACITY, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Manifest> eldest) {
      return size() > CAPACITY;
    }
  };

  private ManifestCache() {}

  /** The manifest in {@code file}, parsed once per version of the file. */
  static Manifest read(Path file) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    Key key = new Key(file.toAbsolutePath().toString(), attributes.fileKey(), attributes.size(),
        attributes.lastModifiedTime().toMillis());
    synchronized (CACHE) {
      Manifest cached = CACHE.get(key);
      if (cached != null) {
        return cached;
      }
    }
    Manifest manifest = ManifestCodec.read(Files.readAllBytes(file), file.toString());
    synchronized (CACHE) {
      CACHE.put(key, manifest);
    }
    return manifest;
  }
}
