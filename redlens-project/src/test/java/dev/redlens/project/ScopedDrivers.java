package dev.redlens.project;

import dev.redlens.conformance.ClientTraits;
import dev.redlens.conformance.RedisDriver;
import dev.redlens.conformance.drivers.JedisClientDriver;
import dev.redlens.conformance.drivers.LettuceConnectionDriver;
import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.RedlensSemconv;
import dev.redlens.lettuce.LettuceTelemetry;
import dev.redlens.project.rewrite.ProjectIsolationException;
import dev.redlens.testing.RedisCluster;
import dev.redlens.testing.RedisServer;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;

/**
 * The conformance suites' drivers over project-scoped clients of Jedis ({@link
 * ProjectKeyspace#jedisPooled}) and Lettuce ({@link ProjectKeyspace#connect}), through the same
 * shared drivers as the plain clients. Their {@link ClientTraits}: the project's id on every point,
 * keys in the project's namespace, and the commands the project's rewriter refuses (asked of the
 * rewriter itself, not listed here), recorded as {@code _OTHER} errors.
 */
final class ScopedDrivers {

  private ScopedDrivers() {}

  static ClientTraits traits(ProjectKeyspace keyspace) {
    return new ClientTraits(
        keyspace.projectId(),
        key -> keyspace.keyPrefix() + key,
        command -> refuses(keyspace, command),
        RedlensSemconv.ERROR_OTHER);
  }

  private static boolean refuses(ProjectKeyspace keyspace, String[] command) {
    try {
      keyspace.rewriter().rewrite(command[0], Arrays.copyOfRange(command, 1, command.length));
      return false;
    } catch (ProjectIsolationException e) {
      return true;
    }
  }

  static RedisDriver jedis(
      String projectId, RedisTelemetry telemetry, String uri, Duration timeout) {
    ProjectKeyspace keyspace = ProjectKeyspace.of(projectId).withTelemetry(telemetry);
    return new JedisClientDriver(
        keyspace.jedisPooled(
            JedisClientDriver.hostAndPort(uri), JedisClientDriver.config(uri, timeout), null),
        traits(keyspace));
  }

  /**
   * A project-scoped Jedis client of {@code cluster} ({@link ProjectKeyspace#jedisCluster}) when
   * {@code uri} is the master of the project's slot; the one-node scoped client for any other
   * server (the suites' tests that need a server of their own).
   */
  static RedisDriver jedisCluster(
      String projectId,
      RedisTelemetry telemetry,
      RedisCluster cluster,
      String uri,
      Duration timeout) {
    ProjectKeyspace keyspace = ProjectKeyspace.of(projectId).withTelemetry(telemetry);
    if (!uri.equals(slotMaster(projectId, cluster).uri())) {
      return jedis(projectId, telemetry, uri, timeout);
    }
    return new JedisClientDriver(
        keyspace.jedisCluster(
            Set.of(JedisClientDriver.hostAndPort(uri)),
            JedisClientDriver.config(uri, timeout),
            null),
        traits(keyspace).withRetries()); // Jedis's cluster executor retries lost connections
  }

  /** The master that serves the slot of {@code projectId}'s keys in {@code cluster}. */
  static RedisServer slotMaster(String projectId, RedisCluster cluster) {
    return cluster.masterForKey(ProjectKeyspace.of(projectId).keyPrefix());
  }

  /**
   * A scoped connection of a Lettuce client made with configured resources (Redlens's hook records
   * the scoped commands with the project) that rejects commands while disconnected, as the plain
   * driver's.
   */
  static RedisDriver lettuce(
      String projectId, RedisTelemetry telemetry, String uri, Duration timeout) {
    ProjectKeyspace keyspace = ProjectKeyspace.of(projectId).withTelemetry(telemetry);
    RedisURI redisUri = RedisURI.create(uri);
    redisUri.setTimeout(timeout);
    ClientResources resources =
        LettuceTelemetry.create(telemetry).configure(ClientResources.builder()).build();
    RedisClient client = RedisClient.create(resources, redisUri);
    client.setOptions(
        ClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build());
    return new LettuceConnectionDriver(
        keyspace.connect(client),
        timeout,
        () -> {
          client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
          resources.shutdown();
        },
        traits(keyspace));
  }
}
