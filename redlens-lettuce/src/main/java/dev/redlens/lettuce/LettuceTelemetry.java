package dev.redlens.lettuce;

import dev.redlens.core.RedisTelemetry;
import dev.redlens.core.instrumentation.ClientScope;
import dev.redlens.core.pool.ConnectionErrorClassifier;
import dev.redlens.core.pool.PoolRegistration;
import dev.redlens.lettuce.internal.BoundedAsyncPoolState;
import dev.redlens.lettuce.internal.CallerContext;
import dev.redlens.lettuce.internal.ClientEndpoint;
import dev.redlens.lettuce.internal.CommandLearner;
import dev.redlens.lettuce.internal.LettuceHook;
import dev.redlens.lettuce.internal.LettuceReplies;
import dev.redlens.lettuce.internal.RedlensTracing;
import dev.redlens.lettuce.internal.TelemetryCommandListener;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.lettuce.core.support.BoundedAsyncPool;
import io.opentelemetry.context.Context;
import java.util.Objects;
import java.util.function.Function;
import org.apache.commons.pool2.impl.GenericObjectPool;

/**
 * OpenTelemetry instrumentation of Lettuce through {@link RedisTelemetry}: every command of every
 * client made with the configured {@link ClientResources} ({@code RedisClient}, {@code
 * RedisClusterClient}, {@code MasterReplica}, Sentinel URIs; sync, async, reactive, pipelined, in a
 * transaction, pub/sub) gets a span and the client metrics of the Redlens telemetry contract, with
 * the node that served it and the connection's database.
 *
 * <pre>{@code
 * RedisTelemetry telemetry = RedisTelemetry.create(openTelemetry);
 * ClientResources resources = LettuceTelemetry.create(telemetry)
 *     .configure(ClientResources.builder()).build();
 * RedisClient client = RedisClient.create(resources, "redis://localhost");
 * client.connect().sync().get("key");   // a span "GET" and a db.client.operation.duration point
 * }</pre>
 *
 * <p>{@link #configure} installs two things in the resources: a Netty channel handler ({@code
 * nettyCustomizer}) that observes each command when it is written to its connection and ends its
 * operation when the reply has been read, before the caller is completed; and Lettuce's {@link
 * io.lettuce.core.tracing.Tracing} SPI, used only to carry the caller's OpenTelemetry context to
 * that handler (Lettuce's own spans are not produced). See {@code docs/architecture.md} for why.
 */
public final class LettuceTelemetry {

  private final RedisTelemetry telemetry;
  private final boolean housekeeping;

  private LettuceTelemetry(RedisTelemetry telemetry, boolean housekeeping) {
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    this.housekeeping = housekeeping;
  }

  public static LettuceTelemetry create(RedisTelemetry telemetry) {
    return new LettuceTelemetry(telemetry, false);
  }

  /**
   * The same telemetry, but the client's own commands (connection handshake such as {@code HELLO},
   * {@code CLIENT SETNAME} and the handshake's {@code SELECT}, cluster topology refresh, {@code
   * READONLY}, {@code ASKING}) are recorded as well, as root spans: for debugging the client. Off
   * by default.
   */
  public LettuceTelemetry withHousekeeping(boolean record) {
    return new LettuceTelemetry(telemetry, record);
  }

  /**
   * Configures {@code builder} so that every client made with the resulting {@link ClientResources}
   * reports its commands: sets the builder's {@code tracing} and {@code nettyCustomizer} (a
   * customizer set before is replaced; pass it to {@link #configure( ClientResources.Builder,
   * NettyCustomizer)} to keep it). Existing resources: {@code
   * configure(resources.mutate()).build()}.
   *
   * @return {@code builder}, for chaining
   */
  public ClientResources.Builder configure(ClientResources.Builder builder) {
    return configure(builder, null);
  }

  /**
   * As {@link #configure(ClientResources.Builder)}, calling {@code nettyCustomizer} (your own) for
   * every bootstrap and channel first.
   */
  public ClientResources.Builder configure(
      ClientResources.Builder builder, NettyCustomizer nettyCustomizer) {
    Objects.requireNonNull(builder, "builder");
    return builder
        .tracing(RedlensTracing.INSTANCE)
        .nettyCustomizer(new LettuceHook(telemetry, housekeeping, nettyCustomizer));
  }

  /**
   * Whether clients made with {@code resources} report their commands, i.e. the resources were
   * built from a builder passed to {@link #configure}. Code that records commands itself must not
   * also do so for such clients (each command would be recorded twice).
   */
  public static boolean observes(ClientResources resources) {
    return resources != null && resources.tracing() instanceof RedlensTracing;
  }

  /**
   * For a reactive chain: stores {@code parent} in the subscriber's Reactor context, so that the
   * commands of {@code mono.contextWrite(LettuceTelemetry.withParent(parent))} are its children
   * whatever thread subscribes (after {@code subscribeOn}, {@code delay}, {@code then}). Without
   * it, a reactive command's parent is the context current on the thread that subscribes.
   */
  public static Function<reactor.util.context.Context, reactor.util.context.Context> withParent(
      Context parent) {
    Objects.requireNonNull(parent, "parent");
    return reactorContext -> reactorContext.put(CallerContext.REACTOR_KEY, parent);
  }

  /**
   * Instruments {@code client}; connections it makes from now on report their commands. The server
   * and database of the telemetry are those of the client's default {@link RedisURI}.
   *
   * @return {@code client}, for chaining
   * @deprecated Lettuce's command listener cannot tell which connection carried a command, so the
   *     server and database reported are those of the client's default URI even when a command went
   *     elsewhere ({@code connect(otherUri)}, {@code SELECT}, replicas, Sentinel, a cluster), and
   *     its spans end after the caller has its reply. Use {@link #configure} on the client's {@code
   *     ClientResources} (not both: each command would be recorded twice).
   */
  @Deprecated
  public RedisClient instrument(RedisClient client) {
    Objects.requireNonNull(client, "client");
    return instrument(client, ClientEndpoint.defaultUri(client));
  }

  /**
   * Instruments {@code client}, reporting {@code uri}'s server and database on its telemetry (for a
   * client whose connections go to another URI than its default).
   *
   * @deprecated for the reasons given at {@link #instrument(RedisClient)}; use {@link #configure}.
   */
  @Deprecated
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
