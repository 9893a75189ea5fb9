package dev.redlens.lettuce;

import dev.redlens.conformance.ClientTraits;
import dev.redlens.conformance.RedisDriver;
import dev.redlens.conformance.drivers.LettuceConnectionDriver;
import dev.redlens.core.RedisTelemetry;
import dev.redlens.lettuce.spi.AnyReplyOutput;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The conformance suites' driver over a Lettuce {@link RedisClient} made with configured resources
 * (the shared {@link LettuceConnectionDriver} on its connection). The client rejects commands while
 * disconnected (instead of queueing them for replay), so a command sent to a dead server fails at
 * once.
 */
final class LettuceDriver {

  private LettuceDriver() {}

  static RedisDriver connect(RedisTelemetry telemetry, String uri, Duration timeout) {
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
        client.connect(),
        timeout,
        () -> {
          client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
          resources.shutdown(0, 2, TimeUnit.SECONDS);
        },
        ClientTraits.PLAIN,
        () -> new AnyReplyOutput<>(StringCodec.UTF8));
  }
}
