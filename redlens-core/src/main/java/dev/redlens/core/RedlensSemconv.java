package dev.redlens.core;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.semconv.DbAttributes;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ExceptionAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import java.util.List;

/**
 * The telemetry contract of the Redis client instrumentation in one place: instrumentation scope,
 * metric names, units, attribute keys and well-known values. Names follow the OpenTelemetry
 * semantic conventions where they exist (taken from {@code opentelemetry-semconv}); the rest are
 * Redlens' own. Tests and dashboards use these constants rather than repeating the strings.
 */
public final class RedlensSemconv {

  /** The instrumentation scope name of every Redlens tracer and meter. */
  public static final String INSTRUMENTATION_SCOPE = "dev.redlens";

  // ---- attribute keys: semantic conventions
  // ------------------------------------------------------------

  public static final AttributeKey<String> DB_SYSTEM_NAME = DbAttributes.DB_SYSTEM_NAME;
  public static final AttributeKey<String> DB_OPERATION_NAME = DbAttributes.DB_OPERATION_NAME;
  public static final AttributeKey<String> DB_NAMESPACE = DbAttributes.DB_NAMESPACE;
  public static final AttributeKey<String> DB_QUERY_TEXT = DbAttributes.DB_QUERY_TEXT;
  public static final AttributeKey<String> DB_RESPONSE_STATUS_CODE =
      DbAttributes.DB_RESPONSE_STATUS_CODE;
  public static final AttributeKey<Long> DB_OPERATION_BATCH_SIZE =
      DbAttributes.DB_OPERATION_BATCH_SIZE;
  public static final AttributeKey<String> SERVER_ADDRESS = ServerAttributes.SERVER_ADDRESS;
  public static final AttributeKey<Long> SERVER_PORT = ServerAttributes.SERVER_PORT;
  public static final AttributeKey<String> NETWORK_PEER_ADDRESS =
      AttributeKey.stringKey("network.peer.address");
  public static final AttributeKey<Long> NETWORK_PEER_PORT =
      AttributeKey.longKey("network.peer.port");
  public static final AttributeKey<String> ERROR_TYPE = ErrorAttributes.ERROR_TYPE;
  public static final AttributeKey<String> EXCEPTION_MESSAGE =
      ExceptionAttributes.EXCEPTION_MESSAGE;
  public static final AttributeKey<String> EXCEPTION_TYPE = ExceptionAttributes.EXCEPTION_TYPE;

  /** The name of the span event that records an exception. */
  public static final String EXCEPTION_EVENT = "exception";

  // ---- attribute keys: Redlens
  // --------------------------------------------------------------------------

  public static final AttributeKey<String> REDIS_COMMAND_CATEGORY =
      AttributeKey.stringKey("redis.command.category");
  public static final AttributeKey<Long> REDIS_KEY_COUNT = AttributeKey.longKey("redis.key.count");
  public static final AttributeKey<String> REDIS_CACHE_RESULT =
      AttributeKey.stringKey("redis.cache.result");
  public static final AttributeKey<Long> REDIS_CACHE_HITS =
      AttributeKey.longKey("redis.cache.hits");
  public static final AttributeKey<Long> REDIS_CACHE_MISSES =
      AttributeKey.longKey("redis.cache.misses");
  public static final AttributeKey<String> REDLENS_PROJECT_ID =
      AttributeKey.stringKey("redlens.project.id");

  /** The kind of a cluster redirection on {@code redis.client.cluster.redirections}. */
  public static final AttributeKey<String> REDIS_CLUSTER_REDIRECTION =
      AttributeKey.stringKey("redis.cluster.redirection");

  // ---- attribute keys: connection pools (semantic conventions, still "development" there, so not
  // in the
  // stable opentelemetry-semconv artifact; the strings are those of the conventions)
  // ----------------------

  /**
   * The name of a connection pool; unique within the application ({@code host:port/db} by default).
   */
  public static final AttributeKey<String> DB_CLIENT_CONNECTION_POOL_NAME =
      AttributeKey.stringKey("db.client.connection.pool.name");

  /**
   * The state of pooled connections on {@code db.client.connection.count}: {@code idle} or {@code
   * used}.
   */
  public static final AttributeKey<String> DB_CLIENT_CONNECTION_STATE =
      AttributeKey.stringKey("db.client.connection.state");

  // ---- attribute values
  // -----------------------------------------------------------------------------------

  /** The value of {@code db.system.name} for Redis. */
  public static final String DB_SYSTEM_REDIS = "redis";

  /** {@code redis.cluster.redirection}: the server answered {@code MOVED} (the slot has moved). */
  public static final String REDIRECTION_MOVED = "moved";

  /** {@code redis.cluster.redirection}: the server answered {@code ASK} (the slot is migrating). */
  public static final String REDIRECTION_ASK = "ask";

  public static final String CACHE_HIT = "hit";
  public static final String CACHE_MISS = "miss";

  /** {@code error.type} for a failure to reach the server or a connection lost mid-command. */
  public static final String ERROR_CONNECTION = "connection";

  /** {@code error.type} for a command that did not complete within its timeout. */
  public static final String ERROR_TIMEOUT = "timeout";

  /** {@code error.type} for a command cancelled before it completed. */
  public static final String ERROR_CANCELLED = "cancelled";

  /**
   * {@code error.type} for an error reply of the server; {@code db.response.status_code} has its
   * prefix.
   */
  public static final String ERROR_COMMAND = "command";

  /** {@code error.type} for any other failure (e.g. a reply the client could not decode). */
  public static final String ERROR_OTHER = "_OTHER";

  /** {@code db.client.connection.state} of connections waiting in the pool. */
  public static final String CONNECTION_STATE_IDLE = "idle";

  /** {@code db.client.connection.state} of connections borrowed from the pool. */
  public static final String CONNECTION_STATE_USED = "used";

  /**
   * {@code error.type} on {@code redis.client.connection.errors}: a new connection could not be
   * opened.
   */
  public static final String CONNECTION_ERROR_CONNECT = "connect";

  /**
   * {@code error.type} on {@code redis.client.connection.errors}: connecting or handshaking timed
   * out.
   */
  public static final String CONNECTION_ERROR_TIMEOUT = "timeout";

  /**
   * {@code error.type} on {@code redis.client.connection.errors}: a pooled connection was found
   * closed or broken.
   */
  public static final String CONNECTION_ERROR_CLOSED = "closed";

  /**
   * {@code error.type} on {@code redis.client.connection.errors}: the server refused the
   * credentials.
   */
  public static final String CONNECTION_ERROR_AUTH = "auth";

  /**
   * The value that stands for every value past a cardinality bound (projects, unknown commands,
   * codes).
   */
  public static final String OVERFLOW_VALUE = "_other";

  // ---- metrics
  // ------------------------------------------------------------------------------------------

  public static final String METRIC_OPERATION_DURATION = "db.client.operation.duration";
  public static final String METRIC_OPERATION_ERRORS = "redis.client.operation.errors";
  public static final String METRIC_OPERATION_SLOW = "redis.client.operation.slow";
  public static final String METRIC_CACHE_REQUESTS = "redis.client.cache.requests";
  public static final String METRIC_CACHE_HIT_RATIO = "redis.client.cache.hit_ratio";
  public static final String METRIC_CLUSTER_REDIRECTIONS = "redis.client.cluster.redirections";

  public static final String METRIC_CONNECTION_COUNT = "db.client.connection.count";
  public static final String METRIC_CONNECTION_MAX = "db.client.connection.max";
  public static final String METRIC_CONNECTION_IDLE_MAX = "db.client.connection.idle.max";
  public static final String METRIC_CONNECTION_IDLE_MIN = "db.client.connection.idle.min";
  public static final String METRIC_CONNECTION_PENDING_REQUESTS =
      "db.client.connection.pending_requests";
  public static final String METRIC_CONNECTION_TIMEOUTS = "db.client.connection.timeouts";
  public static final String METRIC_CONNECTION_CREATE_TIME = "db.client.connection.create_time";
  public static final String METRIC_CONNECTION_WAIT_TIME = "db.client.connection.wait_time";
  public static final String METRIC_CONNECTION_USE_TIME = "db.client.connection.use_time";
  public static final String METRIC_CONNECTION_ERRORS = "redis.client.connection.errors";

  public static final String UNIT_SECONDS = "s";
  public static final String UNIT_CONNECTIONS = "{connection}";
  public static final String UNIT_TIMEOUTS = "{timeout}";
  public static final String UNIT_ERRORS = "{error}";
  public static final String UNIT_OPERATIONS = "{operation}";
  public static final String UNIT_REQUESTS = "{request}";
  public static final String UNIT_REDIRECTIONS = "{redirection}";
  public static final String UNIT_RATIO = "1";

  /**
   * The bucket boundaries that the semantic conventions recommend for duration histograms, in
   * seconds ({@code http.server.request.duration} and friends). They include every boundary
   * recommended for {@code db.client.operation.duration} itself (0.001, 0.005, 0.01, 0.05, 0.1,
   * 0.5, 1, 5, 10) except 0.001, which {@link #DURATION_BUCKETS} adds back.
   */
  public static final List<Double> RECOMMENDED_DURATION_BUCKETS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

  /**
   * Bucket boundaries of {@code db.client.operation.duration}, in seconds: every recommended
   * boundary ({@link #RECOMMENDED_DURATION_BUCKETS}), extended downward to 100 µs (0.0001, 0.00025,
   * 0.0005, 0.001, 0.0025), because most Redis commands take tens to hundreds of microseconds.
   */
  public static final List<Double> DURATION_BUCKETS =
      List.of(
          0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5,
          0.75, 1.0, 2.5, 5.0, 7.5, 10.0);

  private RedlensSemconv() {}
}
