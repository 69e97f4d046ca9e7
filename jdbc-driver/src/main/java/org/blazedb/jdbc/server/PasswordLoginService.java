package org.blazedb.jdbc.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.security.AbstractLoginService;
import org.eclipse.jetty.util.security.Credential;

/**
 * Checks HTTP BASIC credentials against the users file. BASIC sends them with every request, and a
 * PBKDF2 check is slow on purpose, so a check that passed is remembered as an HMAC of the
 * password under a key that lives only in this process.
 */
final class PasswordLoginService extends AbstractLoginService {
  private final UserStore users;
  private final byte[] key = new byte[32];
  private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

  PasswordLoginService(UserStore users) {
    this.users = users;
    new SecureRandom().nextBytes(key);
    setName("BlazeDB");
  }

  @Override
  protected String[] loadRoleInfo(UserPrincipal user) {
    return new String[] {roleOf(user.getName()).toString()};
  }

  @Override
  protected UserPrincipal loadUserInfo(String name) {
    return new UserPrincipal(name, new Credential() {
      @Override
      public boolean check(Object credentials) {
        return credentials instanceof String password && verify(name, password);
      }
    });
  }

  UserStore.Role roleOf(String name) {
    return users.users().stream().filter(u -> u.name().equals(name)).findFirst()
        .map(UserStore.User::role).orElseThrow();
  }

  private boolean verify(String name, String password) {
    byte[] mac = mac(name, password);
    byte[] known = verified.get(name);
    if (known != null && MessageDigest.isEqual(known, mac)) {
      return true;
    }
    char[] chars = password.toCharArray();
    boolean ok = users.authenticate(name, chars) != null;
    java.util.Arrays.fill(chars, '\0');
    if (ok) {
      verified.put(name, mac);
    }
    return ok;
  }

  private byte[] mac(String name, String password) {
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(new SecretKeySpec(key, "HmacSHA256"));
      hmac.update(name.getBytes(StandardCharsets.UTF_8));
      hmac.update((byte) 0);
      return hmac.doFinal(password.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}
