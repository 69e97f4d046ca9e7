package org.blazedb.jdbc.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The users file of a BlazeDB server: one line per user, {@code name:role:pbkdf2-sha256:iterations:salt:hash}
 * (salt and hash in Base64). Passwords are never stored, only their salted PBKDF2 hashes, slow to
 * guess on purpose. Changes are written to a temporary file renamed over the old one.
 */
public final class UserStore {
  /** What a user may do. */
  public enum Role {
    /** Queries only: DDL and DML are refused. */
    READ_ONLY("read-only"),
    /** Everything. */
    READ_WRITE("read-write");

    private final String text;

    Role(String text) {
      this.text = text;
    }

    @Override
    public String toString() {
      return text;
    }

    public static Role parse(String text) {
      for (Role r : values()) {
        if (r.text.equals(text)) {
          return r;
        }
      }
      throw new IllegalArgumentException("unknown role '" + text + "' (read-only or read-write)");
    }
  }

  /** A user as stored: no password, its hash. */
  public record User(String name, Role role, int iterations, byte[] salt, byte[] hash) {}

  static final String ALGORITHM = "pbkdf2-sha256";
  /** OWASP's 2023 figure for PBKDF2-HMAC-SHA256 is 600,000; this keeps a login near 0.1 s here. */
  static final int ITERATIONS = 210_000;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path file;
  private final Map<String, User> users;

  private UserStore(Path file, Map<String, User> users) {
    this.file = file;
    this.users = users;
  }

  /** Reads the users file; a missing file is an empty store (which {@link #save()} creates). */
  public static UserStore open(Path file) {
    Map<String, User> users = new LinkedHashMap<>();
    if (Files.exists(file)) {
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read the users file " + file + ": " + e.getMessage(), e);
      }
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        User user = parse(line, file + ":" + (i + 1));
        users.put(user.name(), user);
      }
    }
    return new UserStore(file, users);
  }

  private static User parse(String line, String where) {
    String[] f = line.split(":", -1);
    try {
      if (f.length != 6 || !ALGORITHM.equals(f[2])) {
        throw new IllegalArgumentException("expected name:role:" + ALGORITHM + ":iterations:salt:hash");
      }
      return new User(f[0], Role.parse(f[1]), Integer.parseInt(f[3]), Base64.getDecoder().decode(f[4]),
          Base64.getDecoder().decode(f[5]));
    } catch (IllegalArgumentException e) { // NumberFormatException included
      throw new IllegalArgumentException("bad line in the users file " + where + ": " + e.getMessage(), e);
    }
  }

  public boolean isEmpty() {
    return users.isEmpty();
  }

  public List<User> users() {
    return List.copyOf(users.values());
  }

  /** Adds a user, or changes the password and role of an existing one. */
  public void put(String name, char[] password, Role role) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a user name is 1 to 64 letters, digits or _ . @ -, not '" + name + "'");
    }
    if (password.length == 0) {
      throw new IllegalArgumentException("the password of '" + name + "' is empty");
    }
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    users.put(name, new User(name, role, ITERATIONS, salt, hash(password, salt, ITERATIONS)));
  }

  /** Removes a user; false if there was none. */
  public boolean remove(String name) {
    return users.remove(name) != null;
  }

  /** The user if the password is theirs, else null (in about the same time either way). */
  public User authenticate(String name, char[] password) {
    User user = users.get(name);
    if (user == null) {
      hash(password, new byte[16], ITERATIONS); // as slow as a wrong password
      return null;
    }
    return MessageDigest.isEqual(user.hash(), hash(password, user.salt(), user.iterations())) ? user : null;
  }

  /** Writes the store, readable by its owner only. */
  public void save() {
    StringBuilder text = new StringBuilder("# BlazeDB users: name:role:" + ALGORITHM + ":iterations:salt:hash\n");
    Base64.Encoder b64 = Base64.getEncoder();
    for (User u : users.values()) {
      text.append(u.name()).append(':').append(u.role()).append(':').append(ALGORITHM).append(':')
          .append(u.iterations()).append(':').append(b64.encodeToString(u.salt())).append(':')
          .append(b64.encodeToString(u.hash())).append('\n');
    }
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.deleteIfExists(temp);
      Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write the users file " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] hash(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
    } finally {
      spec.clearPassword();
    }
  }
}
