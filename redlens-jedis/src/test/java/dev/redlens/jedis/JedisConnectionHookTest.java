package dev.redlens.jedis;

import static dev.redlens.core.RedlensSemconv.DB_QUERY_TEXT;
import static dev.redlens.core.RedlensSemconv.ERROR_TYPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redlens.conformance.drivers.JedisClientDriver;
import dev.redlens.core.RedisTelemetry;
import dev.redlens.jedis.spi.ConnectionHook;
import dev.redlens.testing.InMemoryTelemetry;
import dev.redlens.testing.RedisServerExtension;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.args.Rawable;

/**
 * The {@link ConnectionHook} SPI (what {@code redlens-project} builds on) on the pooled and single
 * clients: a rewritten command is written and traced as rewritten, its reply transformed, a refused
 * command fails without reaching the server. The compat modules rerun it on every Jedis range (the
 * hook reads arguments by iterating, which every Jedis supports).
 */
class JedisConnectionHookTest {

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.create();

  /** Puts GET and SET keys under {@code p:}, upper-cases GET's reply, refuses FLUSHALL. */
  static final class PrefixHook implements ConnectionHook {
    @Override
    public Outgoing beforeWrite(String name, CommandArguments command) {
      String upper = name.toUpperCase(Locale.ROOT);
      if (upper.equals("FLUSHALL")) {
        throw new IllegalStateException("refused: FLUSHALL");
      }
      if (!upper.equals("GET") && !upper.equals("SET")) {
        return Outgoing.unchanged(command);
      }
      CommandArguments out = new CommandArguments(command.getCommand());
      int i = 0;
      for (Rawable argument : command) {
        if (i == 1) {
          out.add(("p:" + new String(argument.getRaw(), StandardCharsets.UTF_8)).getBytes());
        } else if (i > 1) {
          out.add(argument.getRaw());
        }
        i++;
      }
      return new Outgoing(out, upper.equals("GET") ? "upper" : null);
    }

    @Override
    public Object afterReply(Object attachment, Object reply) {
      return reply instanceof byte[] bytes
          ? new String(bytes, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT).getBytes()
          : reply;
    }
  }

  @Test
  void theHookRewritesTransformsAndRefusesOnPooledAndSingleClients() {
    try (InMemoryTelemetry otel = new InMemoryTelemetry();
        RedisTelemetry telemetry = RedisTelemetry.create(otel.openTelemetry());
        UnifiedJedis plain = JedisTelemetry.create(telemetry).single(redis.server().uri())) {
      JedisTelemetry hooked =
          JedisTelemetry.builder(telemetry).setConnectionHook(PrefixHook::new).build();
      try (UnifiedJedis pooled = hooked.pooled(redis.server().uri(), null);
          UnifiedJedis single = hooked.single(redis.server().uri())) {
        for (UnifiedJedis jedis : new UnifiedJedis[] {pooled, single}) {
          otel.reset();
          jedis.set("k", "value");
          assertThat(jedis.get("k")).isEqualTo("VALUE");
          try (AbstractPipeline pipeline = JedisClientDriver.openPipeline(jedis)) {
            Response<String> reply = pipeline.get("k");
            pipeline.sync();
            assertThat(reply.get()).isEqualTo("VALUE");
          }
          assertThat(otel.spans("GET"))
              .hasSize(2)
              .allSatisfy(
                  s -> assertThat(s.getAttributes().get(DB_QUERY_TEXT)).isEqualTo("GET p:k"));
          assertThatThrownBy(jedis::flushAll).hasMessage("refused: FLUSHALL");
          assertThat(otel.span("FLUSHALL").getAttributes().get(ERROR_TYPE)).isNotNull();
        }
        assertThat(plain.get("p:k")).isEqualTo("value"); // written under the rewritten key
        assertThat(plain.exists("k")).isFalse();
      }
    }
  }
}
