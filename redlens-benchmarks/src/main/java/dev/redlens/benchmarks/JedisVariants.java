package dev.redlens.benchmarks;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.jedis.JedisTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/** The Jedis variants of the load driver: plain pooled Jedis and the same with Redlens. */
final class JedisVariants {

  private JedisVariants() {}

  static List<LoadDriver.Variant> all(OpenTelemetrySdk metricsOnly, OpenTelemetrySdk sampled) {
    return List.of(
        new LoadDriver.Variant("Jedis", null, JedisVariants::plain),
        new LoadDriver.Variant(
            "Jedis + Redlens (metrics only)", "Jedis", uri -> redlens(uri, metricsOnly)),
        new LoadDriver.Variant(
            "Jedis + Redlens (every span sampled)", "Jedis", uri -> redlens(uri, sampled)),
        new LoadDriver.Variant(
            "Jedis + Redlens (root spans off, sampled)",
            "Jedis",
            uri -> redlens(uri, LoadDriver.withoutRootSpans(sampled))));
  }

  static JedisClient plain(String uri) {
    return new JedisClient(RedisClient.builder().fromURI(uri).poolConfig(pool()).build(), null);
  }

  private static ConnectionPoolConfig pool() {
    ConnectionPoolConfig config = new ConnectionPoolConfig();
    config.setMaxTotal(16);
    config.setMaxIdle(16);
    return config;
  }

  private static JedisClient redlens(String uri, OpenTelemetrySdk sdk) {
    return redlens(uri, RedisTelemetry.create(sdk));
  }

  static JedisClient redlens(String uri, RedisTelemetry telemetry) {
    return new JedisClient(
        JedisTelemetry.create(telemetry).redisClients().pooled(uri, pool()), telemetry);
  }

  /** A pooled Jedis client (thread-safe: each call borrows a connection). */
  static final class JedisClient implements BenchClient {
    private final UnifiedJedis jedis;
    private final RedisTelemetry telemetry;

    JedisClient(UnifiedJedis jedis, RedisTelemetry telemetry) {
      this.jedis = jedis;
      this.telemetry = telemetry;
    }

    @Override
    public void set(String key, String value) {
      jedis.set(key, value);
    }

    @Override
    public String get(String key) {
      return jedis.get(key);
    }

    @Override
    public void pipelined(String[] keys, String value) {
      try (AbstractPipeline pipeline = jedis.pipelined()) {
        for (int i = 0; i < keys.length; i++) {
          if ((i & 1) == 0) {
            pipeline.set(keys[i], value);
          } else {
            pipeline.get(keys[i]);
          }
        }
        pipeline.sync();
      }
    }

    @Override
    public boolean threadSafe() {
      return true;
    }

    @Override
    public void close() {
      jedis.close();
      if (telemetry != null) {
        telemetry.close();
      }
    }
  }
}
