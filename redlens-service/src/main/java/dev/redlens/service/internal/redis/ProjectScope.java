package dev.redlens.service.internal.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.UUID;

/**
 * SEAM (project isolation): confines the service's keys to one project with the specification's scheme,
 * {@code project:{uuid}:…}, the default prefix of {@code redlens-project}'s {@code ProjectKeyspace}. Until that
 * module is wired in, the service builds the namespaced keys itself here, and cleanup is a SCAN of the project's
 * pattern with UNLINK in batches. Wiring {@code ProjectKeyspace.of(projectId)} changes only this class: the
 * endpoints ask it for keys and for cleanup, never build a key themselves.
 */
public final class ProjectScope {

  private static final int BATCH = 500;

  private final UUID projectId;
  private final String prefix;

  private ProjectScope(UUID projectId) {
    this.projectId = projectId;
    this.prefix = "project:" + projectId + ":";
  }

  public static ProjectScope of(UUID projectId) {
    return new ProjectScope(projectId);
  }

  public UUID projectId() {
    return projectId;
  }

  /** The namespaced key of {@code key} ({@code project:{uuid}:key}). */
  public String key(String key) {
    return prefix + key;
  }

  /** The SCAN pattern of every key of the project (a UUID has no glob characters to escape). */
  public String pattern() {
    return prefix + "*";
  }

  /** Counts the project's keys, stopping at {@code limit}. */
  public long countKeys(RedisCommands<String, String> redis, long limit) {
    long count = 0;
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(pattern()).limit(BATCH));
      count += page.getKeys().size();
      cursor = page;
    } while (!cursor.isFinished() && count < limit);
    return count;
  }

  /** Deletes every key of the project (SCAN + UNLINK in batches) and returns how many were deleted. */
  public long deleteAll(RedisCommands<String, String> redis) {
    long deleted = 0;
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(pattern()).limit(BATCH));
      if (!page.getKeys().isEmpty()) {
        deleted += redis.unlink(page.getKeys().toArray(new String[0]));
      }
      cursor = page;
    } while (!cursor.isFinished());
    return deleted;
  }
}
