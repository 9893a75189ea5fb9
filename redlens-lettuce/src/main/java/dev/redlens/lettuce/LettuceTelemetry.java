package dev.redlens.lettuce;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.instrumentation.ClientScope;
import dev.redlens.core.pool.ConnectionErrorClassifier;
import dev.redlens.core.pool.PoolRegistration;
import dev.redlens.lettuce.internal.BoundedAsyncPoolState;
import dev.redlens.lettuce.internal.ClientEndpoint;
import dev.redlens.lettuce.internal.CommandLearner;
import dev.redlens.lettuce.internal.LettuceReplies;
import dev.redlens.lettuce.internal.TelemetryCommandListener;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.support.BoundedAsyncPool;
import java.util.Objects;
import org.apache.commons.pool2.impl.GenericObjectPool;

/**
 * OpenTelemetry instrumentation of Lettuce through {@link RedisTelemetry}: every command sent
 * through an instrumented {@link RedisClient} (sync, async, reactive, pipelined, in a transaction)
 * gets a span and the client metrics of the Redlens telemetry contract.
 *
 * <pre>{@code
 * RedisTelemetry telemetry = RedisTelemetry.create(openTelemetry);
 * RedisClient client = LettuceTelemetry.create(telemetry).instrument(RedisClient.create("redis://localhost"));
 * client.connect().sync().get("key");   // a span "GET" and a db.client.operation.duration point
 * }</pre>
 *
 * <p>It uses Lettuce's supported {@link io.lettuce.core.event.command.CommandListener} extension
 * point, so it works on any client without the OpenTelemetry Java agent and without replacing its
 * {@code ClientResources}. Instrument the client before connecting: Lettuce installs listeners on
 * connections as they are made.
 */
public final class LettuceTelemetry {

  private final RedisTelemetry telemetry;

  private LettuceTelemetry(RedisTelemetry telemetry) {
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
  }

  public static LettuceTelemetry create(RedisTelemetry telemetry) {
    return new LettuceTelemetry(telemetry);
  }

  /**
   * Instruments {@code client}; connections it makes from now on report their commands. The server
   * and database of the telemetry are those of the client's default {@link RedisURI}.
   *
   * @return {@code client}, for chaining
   */
  public RedisClient instrument(RedisClient client) {
    Objects.requireNonNull(client, "client");
    return instrument(client, ClientEndpoint.defaultUri(client));
  }

  /**
   * Instruments {@code client}, reporting {@code uri}'s server and database on its telemetry (for a
   * client whose connections go to another URI than its default).
   */
  public RedisClient instrument(RedisClient client, RedisURI uri) {
    Objects.requireNonNull(client, "client");
    ClientScope scope =
        ClientEndpoint.scope(telemetry, uri).withReplyInspector(LettuceReplies.INSPECTOR);
    client.addListener(
        new TelemetryCommandListener(scope, new CommandLearner(client, telemetry.catalog())));
    return client;
  }

  /**
   * Reports the state of a pool of {@code ConnectionPoolSupport.createGenericObjectPool(...)} as
   * the {@code db.client.connection.*} metrics ({@link dev.redlens.core.pool.PoolTelemetry});
   * connections that fail validation on borrow count as {@code closed} errors. Borrow through the
   * returned registration ({@code registration.borrow(pool::borrowObject)}) to record wait times,
   * count timeouts of an exhausted pool and classify connection errors ({@code connect}, {@code
   * timeout}, {@code closed}, {@code auth}) of the connections the pool creates. The pool is held
   * weakly; closing it ends the registration.
   *
   * @param name the pool name; a pool does not know its server, so pass {@link
   *     dev.redlens.core.pool.PoolTelemetry#defaultName PoolTelemetry.defaultName(host, port, db)}
   *     for the conventional {@code host:port/db}
   */
  public PoolRegistration instrumentPool(
      GenericObjectPool<? extends StatefulConnection<?, ?>> pool, String name) {
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(name, "name");
    return telemetry.pools().register(pool, name, ConnectionErrorClassifier.standard());
  }

  /**
   * Reports the state of a pool of {@code AsyncConnectionPoolSupport.createBoundedObjectPool(...)}
   * as the {@code db.client.connection.*} metrics. Acquire through the returned registration
   * ({@code registration.acquire(pool::acquire)}) to record wait times, count the failures of an
   * exhausted pool as timeouts and classify connection errors of the connections the pool creates.
   *
   * @param name the pool name, as for {@link #instrumentPool(GenericObjectPool, String)}
   */
  public PoolRegistration instrumentPool(BoundedAsyncPool<?> pool, String name) {
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(name, "name");
    return telemetry
        .pools()
        .registerPool(
            pool, BoundedAsyncPoolState.INSTANCE, name, ConnectionErrorClassifier.standard());
  }
}
