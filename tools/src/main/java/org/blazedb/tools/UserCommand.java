package org.blazedb.tools;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.blazedb.jdbc.server.UserStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Manages the users file of {@code blaze server}. */
@Command(name = "user", description = "Add, remove or list the users of a server's users file.",
    subcommands = {UserCommand.Add.class, UserCommand.Remove.class, UserCommand.ListUsers.class})
final class UserCommand {
  static final class UsersFile {
    @Option(names = "--users", required = true, paramLabel = "FILE", description = "The users file.")
    Path file;
  }

  @Command(name = "add", description = "Add a user, or set the password and role of one. The password is asked"
      + " for on the terminal, or read as the first line of standard input.")
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME") String name;
    @Option(names = "--role", defaultValue = "read-only", description = "read-only (the default) or read-write.")
    String role;
    @picocli.CommandLine.Mixin UsersFile users;

    @Override
    public Integer call() throws IOException {
      UserStore.Role parsed = UserStore.Role.parse(role);
      UserStore store = UserStore.open(users.file);
      char[] password = readPassword(name);
      try {
        store.put(name, password, parsed);
      } finally {
        Arrays.fill(password, '\0');
      }
      store.save();
      spec.commandLine().getOut().println("user " + name + " (" + parsed + ") saved in " + users.file);
      return 0;
    }
  }

  @Command(name = "remove", description = "Remove a user.")
  static final class Remove implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME") String name;
    @picocli.CommandLine.Mixin UsersFile users;

    @Override
    public Integer call() {
      UserStore store = UserStore.open(users.file);
      if (!store.remove(name)) {
        throw new IllegalArgumentException("no user '" + name + "' in " + users.file);
      }
      store.save();
      spec.commandLine().getOut().println("user " + name + " removed from " + users.file);
      return 0;
    }
  }

  @Command(name = "list", description = "List the users and their roles (never their password hashes).")
  static final class ListUsers implements Callable<Integer> {
    @Spec CommandSpec spec;
    @picocli.CommandLine.Mixin UsersFile users;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      for (UserStore.User u : UserStore.open(users.file).users()) {
        out.printf("%-32s %s%n", u.name(), u.role());
      }
      return 0;
    }
  }

  private static char[] readPassword(String name) throws IOException {
    Console console = System.console();
    if (console != null && console.isTerminal()) {
      char[] first = console.readPassword("password for %s: ", name);
      char[] again = console.readPassword("again: ");
      if (first == null || !Arrays.equals(first, again)) {
        throw new IllegalArgumentException("the passwords differ");
      }
      return first;
    }
    String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    if (line == null) {
      throw new IllegalArgumentException("no password on standard input");
    }
    return line.toCharArray();
  }
}
