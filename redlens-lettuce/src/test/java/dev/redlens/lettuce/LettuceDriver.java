package dev.redlens.lettuce;

import dev.redlens.conformance.ClientTraits;
import dev.redlens.conformance.RedisDriver;
import dev.redlens.conformance.drivers.LettuceConnectionDriver;
import dev.redlens.core.RedisTelemetry;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;

/**
 * The conformance suites' driver over an instrumented Lettuce {@link RedisClient} (the shared
 * {@link LettuceConnectionDriver} on its connection). The client rejects commands while
 * disconnected (instead of queueing them for replay), so a command sent to a dead server fails at
 * once.
 */
final class LettuceDriver {

  private LettuceDriver() {}

  static RedisDriver connect(RedisTelemetry telemetry, String uri, Duration timeout) {
    RedisURI redisUri = RedisURI.create(uri);
    redisUri.setTimeout(timeout);
    RedisClient client =
        LettuceTelemetry.create(telemetry).instrument(RedisClient.create(redisUri));
    client.setOptions(
        ClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build());
    return new LettuceConnectionDriver(
        client.connect(),
        timeout,
        () -> client.shutdown(Duration.ZERO, Duration.ofSeconds(2)),
        ClientTraits.PLAIN);
  }
}
