package org.blazedb.calcite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.blazedb.storage.blz.BlzException;

/**
 * Named SQL definitions kept as files in a folder of the database (views, indexes): one
 * {@code name.sql} file each, replaced atomically.
 */
final class Definitions {
  private static final String SUFFIX = ".sql";

  private final Path dir;
  private final String kind;

  Definitions(Path dir, String kind) {
    this.dir = dir;
    this.kind = kind;
  }

  /** Name to text, sorted by name. */
  Map<String, String> all() {
    Map<String, String> all = new LinkedHashMap<>();
    if (!Files.isDirectory(dir)) {
      return all;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String file = f.getFileName().toString();
        if (file.endsWith(SUFFIX)) {
          all.put(file.substring(0, file.length() - SUFFIX.length()), Files.readString(f));
        }
      }
    } catch (IOException e) {
      throw new BlzException("cannot read the " + kind + "s in " + dir + ": " + e.getMessage(), e);
    }
    return all;
  }

  void save(String name, String text) {
    try {
      Files.createDirectories(dir);
      Path temp = dir.resolve(name + SUFFIX + ".tmp");
      Files.writeString(temp, text);
      Files.move(temp, dir.resolve(name + SUFFIX), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new BlzException("cannot save " + kind + " '" + name + "': " + e.getMessage(), e);
    }
  }

  /** Deletes one; false if there was none. */
  boolean drop(String name) {
    try {
      return Files.deleteIfExists(dir.resolve(name + SUFFIX));
    } catch (IOException e) {
      throw new BlzException("cannot drop " + kind + " '" + name + "': " + e.getMessage(), e);
    }
  }
}
