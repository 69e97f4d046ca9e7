package org.blazedb.jdbc.server;

/**
 * Who sent the request being served: the authenticated user (or {@code anonymous} on a server
 * without users), their role and address. Set for the request's thread by {@link BlazeServer}.
 */
record Caller(String user, UserStore.Role role, String address) {
  private static final ThreadLocal<Caller> CURRENT = new ThreadLocal<>();

  static Caller current() {
    Caller caller = CURRENT.get();
    if (caller == null) {
      throw new IllegalStateException("a request served without a caller");
    }
    return caller;
  }

  <T> T run(java.util.concurrent.Callable<T> action) throws Exception {
    CURRENT.set(this);
    try {
      return action.call();
    } finally {
      CURRENT.remove();
    }
  }

  @Override
  public String toString() {
    return user + " (" + role + ") from " + address;
  }
}
