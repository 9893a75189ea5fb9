package dev.redlens.project;

import dev.redlens.project.internal.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Server-side enforcement of a project's isolation: a Redis ACL user per project whose key and
 * channel patterns allow only the project's namespace and whose command rules deny what a scoped
 * connection refuses, so that a leaked credential or a client without Redlens still cannot cross
 * projects.
 *
 * <pre>{@code
 * ProjectAcl acl = ProjectAcl.of(ProjectKeyspace.of(projectId));
 * ProjectAcl.Credentials credentials = acl.provision(RedisCommandRunner.lettuce(adminConnection));
 * RedisURI uri = RedisURI.builder(base).withAuthentication(credentials.user(), credentials.password()).build();
 * // ... acl.remove(RedisCommandRunner.lettuce(adminConnection)) when the project is deleted
 * }</pre>
 *
 * <p>The rules ({@link #rules(boolean)}): {@code reset}, {@code on}, the password as a SHA-256 hash
 * (the plaintext is not stored on the server), key pattern {@code ~project:{id}:*}, channel pattern
 * {@code &project:{id}:*}, {@code +@all} minus {@code @admin} and {@code @dangerous} (CONFIG,
 * DEBUG, FLUSHDB, FLUSHALL, SWAPDB, KEYS, MIGRATE, INFO, MONITOR, CLIENT LIST/KILL…) and minus
 * SELECT, MOVE, SCAN, RANDOMKEY, DBSIZE (which the key patterns do not restrict), PUBSUB
 * (introspection of every project's channels), FUNCTION and SCRIPT FLUSH/KILL (shared by every
 * project), CLIENT TRACKING (invalidation messages would name other projects' keys). SORT is
 * allowed on Redis 7, which refuses its BY/GET patterns to users with key restrictions; on older
 * servers it is denied. The server checks the keys of every command a script calls, so EVAL stays
 * within the key pattern.
 *
 * <p>The server's default user must require a password (or be disabled): the ACL confines this
 * project's user, not connections that authenticate as someone else.
 */
public final class ProjectAcl {

  /** The default prefix of project user names; the user of a project is {@code project-<uuid>}. */
  public static final String DEFAULT_USER_PREFIX = "project-";

  private static final Pattern VERSION = Pattern.compile("redis_version:(\\d+)\\.(\\d+)");

  private final ProjectKeyspace keyspace;
  private final String userPrefix;

  private ProjectAcl(ProjectKeyspace keyspace, String userPrefix) {
    this.keyspace = keyspace;
    this.userPrefix = userPrefix;
  }

  public static ProjectAcl of(ProjectKeyspace keyspace) {
    return new ProjectAcl(Objects.requireNonNull(keyspace, "keyspace"), DEFAULT_USER_PREFIX);
  }

  /** The same, with users named {@code userPrefix + projectId}. */
  public ProjectAcl withUserPrefix(String userPrefix) {
    Objects.requireNonNull(userPrefix, "userPrefix");
    if (userPrefix.isEmpty() || userPrefix.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
      throw new IllegalArgumentException(
          "A user prefix is non-empty and has no blanks: '" + userPrefix + "'");
    }
    return new ProjectAcl(keyspace, userPrefix);
  }

  /** The name of the project's ACL user. */
  public String userName() {
    return userPrefix + keyspace.projectId();
  }

  /**
   * The ACL rules of the project's user, without its password (for {@code ACL SETUSER} or an ACL
   * file).
   *
   * @param redis7 whether the server is Redis 7 or newer (subcommand rules, FUNCTION, SORT's own
   *     ACL check)
   */
  public List<String> rules(boolean redis7) {
    String pattern = keyspace.keyPattern();
    List<String> rules = new ArrayList<>();
    rules.add("reset");
    rules.add("resetchannels");
    rules.add("on");
    rules.add("~" + pattern);
    rules.add("&" + pattern);
    rules.add("+@all");
    rules.add("-@admin");
    rules.add("-@dangerous");
    for (String denied :
        new String[] {"select", "move", "scan", "randomkey", "dbsize", "pubsub", "reset"}) {
      rules.add("-" + denied);
    }
    if (redis7) {
      rules.add("-function");
      rules.add("-script|flush");
      rules.add("-script|kill");
      rules.add("-script|debug");
      rules.add("-client|tracking");
      rules.add("+sort");
      rules.add("+sort_ro");
    } else {
      rules.add("-script");
    }
    return rules;
  }

  /**
   * Creates (or replaces) the project's user with a new random password, and returns its
   * credentials.
   */
  public Credentials provision(RedisCommandRunner admin) {
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    return provision(admin, HexFormat.of().formatHex(random));
  }

  /**
   * Creates (or replaces, rules and passwords alike) the project's user with {@code password}.
   *
   * @param admin a runner on a connection allowed to run ACL SETUSER and INFO
   */
  public Credentials provision(RedisCommandRunner admin, String password) {
    Objects.requireNonNull(admin, "admin");
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("A project user needs a non-empty password");
    }
    List<byte[]> command = new ArrayList<>();
    command.add(Bytes.utf8("ACL"));
    command.add(Bytes.utf8("SETUSER"));
    command.add(Bytes.utf8(userName()));
    for (String rule : rules(isRedis7(admin))) {
      command.add(Bytes.utf8(rule));
    }
    command.add(Bytes.utf8("#" + sha256(password)));
    admin.run(command);
    return new Credentials(userName(), password);
  }

  /**
   * Deletes the project's user; the server disconnects its clients. Returns whether it existed. The
   * project's keys stay: delete them with {@link ProjectCleanup}.
   */
  public boolean remove(RedisCommandRunner admin) {
    Object reply =
        admin.run(List.of(Bytes.utf8("ACL"), Bytes.utf8("DELUSER"), Bytes.utf8(userName())));
    return reply instanceof Long n && n > 0;
  }

  private static boolean isRedis7(RedisCommandRunner admin) {
    try {
      Object info = admin.run(List.of(Bytes.utf8("INFO"), Bytes.utf8("server")));
      String text =
          info instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(info);
      Matcher m = VERSION.matcher(text);
      return m.find() && Integer.parseInt(m.group(1)) >= 7;
    } catch (RuntimeException e) {
      return false; // the rules for older servers deny more, never less
    }
  }

  private static String sha256(String password) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(password.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The user name and password of a project's ACL user. {@link #toString()} masks the password. */
  public record Credentials(String user, String password) {
    @Override
    public String toString() {
      return "Credentials[user=" + user + ", password=****]";
    }
  }
}
