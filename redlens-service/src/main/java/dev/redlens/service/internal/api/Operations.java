package dev.redlens.service.internal.api;

import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The commands the load endpoints can run, and how each is issued through Lettuce's typed API: the
 * endpoints accept only these names, so a request can never name an arbitrary command.
 */
public final class Operations {

  public static final Set<String> BASIC_OPERATIONS =
      Set.of(
          "SET",
          "GET",
          "DEL",
          "EXISTS",
          "INCR",
          "DECR",
          "APPEND",
          "STRLEN",
          "EXPIRE",
          "TTL",
          "HSET",
          "HGET",
          "HGETALL",
          "HDEL",
          "LPUSH",
          "RPUSH",
          "LPOP",
          "LRANGE",
          "SADD",
          "SREM",
          "SMEMBERS",
          "SISMEMBER",
          "ZADD",
          "ZSCORE",
          "ZRANGE",
          "PING",
          "MIXED");
  public static final Set<String> LATENCY_COMMANDS =
      Set.of(
          "GET",
          "SET",
          "DEL",
          "EXISTS",
          "INCR",
          "HSET",
          "HGET",
          "LPUSH",
          "LPOP",
          "SADD",
          "SISMEMBER",
          "ZADD",
          "ZSCORE",
          "PING");

  private Operations() {}

  /**
   * Runs one basic operation on {@code key}; returns whether a value was found (hit/miss) for reads
   * of a value, else null.
   */
  static Boolean runBasic(RedisCommands<String, String> redis, String command, String key, int i) {
    switch (command) {
      case "SET":
        redis.set(key, "value-" + i);
        return null;
      case "GET":
        return redis.get(key) != null;
      case "DEL":
        redis.del(key);
        return null;
      case "EXISTS":
        redis.exists(key);
        return null;
      case "INCR":
        redis.incr(key);
        return null;
      case "DECR":
        redis.decr(key);
        return null;
      case "APPEND":
        redis.append(key, "x");
        return null;
      case "STRLEN":
        redis.strlen(key);
        return null;
      case "EXPIRE":
        redis.expire(key, 3600);
        return null;
      case "TTL":
        redis.ttl(key);
        return null;
      case "HSET":
        redis.hset(key, "field", "value-" + i);
        return null;
      case "HGET":
        return redis.hget(key, "field") != null;
      case "HGETALL":
        return !redis.hgetall(key).isEmpty();
      case "HDEL":
        redis.hdel(key, "field");
        return null;
      case "LPUSH":
        redis.lpush(key, "value-" + i);
        return null;
      case "RPUSH":
        redis.rpush(key, "value-" + i);
        return null;
      case "LPOP":
        return redis.lpop(key) != null;
      case "LRANGE":
        return !redis.lrange(key, 0, -1).isEmpty();
      case "SADD":
        redis.sadd(key, "member-" + i);
        return null;
      case "SREM":
        redis.srem(key, "member-" + i);
        return null;
      case "SMEMBERS":
        return !redis.smembers(key).isEmpty();
      case "SISMEMBER":
        redis.sismember(key, "member-" + i);
        return null;
      case "ZADD":
        redis.zadd(key, i, "member-" + i);
        return null;
      case "ZSCORE":
        return redis.zscore(key, "member-" + i) != null;
      case "ZRANGE":
        return !redis.zrange(key, 0, -1).isEmpty();
      case "PING":
        redis.ping();
        return null;
      default:
        throw new IllegalStateException("unhandled operation " + command);
    }
  }

  /** Prepares the key so that {@code command} has something to read or remove. */
  static void prepareLatency(
      RedisCommands<String, String> redis,
      String command,
      String key,
      String value,
      int iterations) {
    switch (command) {
      case "GET":
      case "EXISTS":
        redis.set(key, value);
        break;
      case "HGET":
        redis.hset(key, "field", value);
        break;
      case "SISMEMBER":
        redis.sadd(key, value);
        break;
      case "ZSCORE":
        redis.zadd(key, 1.0, value);
        break;
      case "LPOP":
        {
          List<String> values = new ArrayList<>();
          for (int i = 0; i < iterations; i++) {
            values.add(value);
            if (values.size() == 1000 || i == iterations - 1) {
              redis.rpush(key, values.toArray(new String[0]));
              values.clear();
            }
          }
          break;
        }
      default:
        break;
    }
  }

  /** Runs one timed iteration of {@code command}. */
  static void runLatency(
      RedisCommands<String, String> redis, String command, String key, String value, int i) {
    switch (command) {
      case "GET":
        redis.get(key);
        break;
      case "SET":
        redis.set(key, value);
        break;
      case "DEL":
        redis.del(key);
        break;
      case "EXISTS":
        redis.exists(key);
        break;
      case "INCR":
        redis.incr(key);
        break;
      case "HSET":
        redis.hset(key, "f" + (i % 1000), value);
        break;
      case "HGET":
        redis.hget(key, "field");
        break;
      case "LPUSH":
        redis.lpush(key, value);
        break;
      case "LPOP":
        redis.lpop(key);
        break;
      case "SADD":
        redis.sadd(key, "m" + (i % 1000) + value);
        break;
      case "SISMEMBER":
        redis.sismember(key, value);
        break;
      case "ZADD":
        redis.zadd(key, i, "m" + (i % 1000));
        break;
      case "ZSCORE":
        redis.zscore(key, value);
        break;
      case "PING":
        redis.ping();
        break;
      default:
        throw new IllegalStateException("unhandled command " + command);
    }
  }
}
