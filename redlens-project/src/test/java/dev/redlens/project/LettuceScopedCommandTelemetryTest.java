package dev.redlens.project;

import dev.redlens.conformance.CommandTelemetrySuite;
import dev.redlens.conformance.RedisDriver;
import dev.redlens.core.RedisTelemetry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** The shared command suite against project-scoped Lettuce connections (one project per test). */
class LettuceScopedCommandTelemetryTest extends CommandTelemetrySuite {

  private final String project = UUID.randomUUID().toString();

  @Override
  protected RedisDriver connect(RedisTelemetry telemetry, String uri, Duration commandTimeout) {
    return ScopedDrivers.lettuce(project, telemetry, uri, commandTimeout);
  }

  // DRIFT of the scoped Lettuce connection, for the Lettuce side of redlens-project (being replaced
  // with the new Lettuce hook); remove each override once the scoped connection passes.

  /**
   * Fails today: each GET queued in MULTI records a hit or miss (the plain client records none).
   */
  @Override
  @Test
  @Disabled("issue 10 item 1, Lettuce scoped connection: reads queued in MULTI record hit/miss")
  protected void aReadQueuedInATransactionRecordsNoHitOrMiss() {}

  /**
   * Fails today: a refused command is recorded without its arguments, so a refused {@code ACL
   * SETUSER} becomes a span {@code ACL} (the scoped Jedis client names it {@code ACL SETUSER}).
   */
  @Override
  @Test
  @Disabled("issue 10 item 1, Lettuce scoped connection: refused subcommands named by container")
  protected void credentialsAreMaskedEvenWhenQueryTextIsNotSanitized() {}
}
