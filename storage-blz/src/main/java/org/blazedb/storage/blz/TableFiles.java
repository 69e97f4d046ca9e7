package org.blazedb.storage.blz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The names and durable writes of a table directory's files. */
final class TableFiles {
  static final String TABLE_JSON = "table.json";
  static final String COLUMNS_DIR = "cols";
  static final String LOCK_FILE = "write.lock";
  private static final Pattern MANIFEST = Pattern.compile("manifest-(\\d+)\\.json");
  static final String TEMP_SUFFIX = ".tmp";

  private TableFiles() {}

  static String manifestName(long version) {
    return String.format("manifest-%06d.json", version);
  }

  static String chunkName(long number) {
    return String.format("%06d.chunk", number);
  }

  /** Committed manifest versions in the directory, ascending. */
  static List<Long> manifestVersions(Path tableDir) {
    List<Long> versions = new ArrayList<>();
    try (Stream<Path> files = Files.list(tableDir)) {
      files.forEach(f -> {
        Matcher m = MANIFEST.matcher(f.getFileName().toString());
        if (m.matches()) {
          versions.add(Long.parseLong(m.group(1)));
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + tableDir, e);
    }
    versions.sort(null);
    return versions;
  }

  /** Writes {@code bytes} to a new file and forces it to disk. */
  static void writeDurably(Path file, byte[] bytes, int length) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
      while (buffer.hasRemaining()) {
        ch.write(buffer);
      }
      ch.force(true);
    }
  }

  /** Writes {@code bytes} under a temporary name, then renames it to {@code file} atomically. */
  static void publishAtomically(Path file, byte[] bytes) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + TEMP_SUFFIX);
    Files.deleteIfExists(temp);
    writeDurably(temp, bytes, bytes.length);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    syncDirectory(file.getParent());
  }

  /** Makes a rename or a new file in {@code dir} durable. */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
