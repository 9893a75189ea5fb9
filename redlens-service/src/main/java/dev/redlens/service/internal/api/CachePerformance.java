package dev.redlens.service.internal.api;

import dev.redlens.core.RedlensSemconv;
import dev.redlens.core.TelemetrySnapshot;
import dev.redlens.project.ProjectKeyspace;
import dev.redlens.service.internal.runtime.JsonNumbers;
import dev.redlens.service.internal.runtime.ServiceParts;
import dev.redlens.service.internal.telemetry.RequestTally;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /test/redis/cache/performance}: writes {@code total_keys × hit_rate_target} keys,
 * reads all {@code total_keys} in a random order (pipelined), and reports the hits and misses it
 * saw next to those the instrumentation recorded for this request.
 */
final class CachePerformance implements Endpoint.Load<CachePerformance.Input> {

  static final int MAX_KEYS = 50_000;
  static final int KEYS_EXPIRE_IN_S = 600;
  private static final int PIPELINE = 256;

  private final ServiceParts parts;

  CachePerformance(ServiceParts parts) {
    this.parts = parts;
  }

  record Input(int totalKeys, double hitRateTarget, UUID projectId) {}

  record Measured(long hits, long misses, double hitRatio) {}

  record Instrumentation(
      Long hits,
      Long misses,
      Double hitRatio,
      Double windowHitRatio,
      Double lifetimeHitRatio,
      double windowS,
      long spansCreated,
      List<String> metrics) {}

  record Response(
      String projectId,
      int totalKeys,
      double hitRateTarget,
      int keysWritten,
      int reads,
      Measured measured,
      Instrumentation instrumentation,
      boolean targetMet,
      double durationMs,
      String keyPattern,
      int keysExpireInS) {}

  @Override
  public Set<String> fields() {
    return Set.of("total_keys", "hit_rate_target", "project_id");
  }

  @Override
  public Input parse(JsonBody body) {
    return new Input(
        body.integer("total_keys", 1000, 1, MAX_KEYS),
        body.number("hit_rate_target", 0.8, 0.0, 1.0),
        body.projectId());
  }

  @Override
  public UUID project(Input input) {
    return input.projectId();
  }

  @Override
  public Object run(Input in, Exchange exchange) {
    ProjectKeyspace keyspace = parts.connector().keyspace(in.projectId());
    int total = in.totalKeys();
    int present = (int) Math.round(total * in.hitRateTarget());
    String run = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFFL);
    List<Integer> order = new ArrayList<>(total);
    for (int i = 0; i < total; i++) order.add(i);
    Collections.shuffle(order, new Random(run.hashCode()));

    long start = System.nanoTime();
    long[] hitsMisses =
        parts
            .connector()
            .withProject(
                keyspace,
                connection -> {
                  RedisAsyncCommands<String, String> async = connection.async();
                  List<RedisFuture<?>> batch = new ArrayList<>();
                  SetArgs ttl = SetArgs.Builder.ex(KEYS_EXPIRE_IN_S);
                  for (int i = 0; i < present; i++) {
                    batch.add(async.set("cache:" + run + ":" + i, "cached-value-" + i, ttl));
                    if (batch.size() == PIPELINE) awaitAll(batch);
                  }
                  awaitAll(batch);
                  long hits = 0;
                  long misses = 0;
                  List<RedisFuture<String>> reads = new ArrayList<>();
                  for (int n = 0; n < total; n++) {
                    reads.add(async.get("cache:" + run + ":" + order.get(n)));
                    if (reads.size() == PIPELINE || n == total - 1) {
                      for (RedisFuture<String> read : reads) {
                        if (await(read) != null) hits++;
                        else misses++;
                      }
                      reads.clear();
                    }
                  }
                  return new long[] {hits, misses};
                });
    long nanos = System.nanoTime() - start;
    RequestTally.Recorded recorded = exchange.recorded();
    TelemetrySnapshot.CacheStatistics cache = parts.redisTelemetry().snapshot().cache();

    long hits = hitsMisses[0];
    double achieved = (double) hits / total;
    Long instHits = recorded == null ? null : recorded.hits();
    Long instMisses = recorded == null ? null : recorded.misses();
    return new Response(
        in.projectId().toString(),
        total,
        in.hitRateTarget(),
        present,
        total,
        new Measured(hits, hitsMisses[1], achieved),
        new Instrumentation(
            instHits,
            instMisses,
            instHits == null || instHits + instMisses == 0
                ? null
                : (double) instHits / (instHits + instMisses),
            JsonNumbers.finite(cache.windowHitRatio()),
            JsonNumbers.finite(cache.hitRatio()),
            cache.window().toMillis() / 1000.0,
            exchange.spansCreated(),
            List.of(RedlensSemconv.METRIC_CACHE_REQUESTS, RedlensSemconv.METRIC_CACHE_HIT_RATIO)),
        // the closest ratio that totalKeys reads can achieve
        Math.abs(achieved - in.hitRateTarget()) <= 0.5 / total + 1e-9,
        Figures.millis(nanos),
        keyspace.keyPrefix() + "cache:" + run + ":*",
        KEYS_EXPIRE_IN_S);
  }

  private void awaitAll(List<RedisFuture<?>> batch) {
    for (RedisFuture<?> future : batch) {
      await(future);
    }
    batch.clear();
  }

  private <T> T await(RedisFuture<T> future) {
    Duration timeout = parts.config().operationTimeout;
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) throw runtime;
      throw new RedisException(cause);
    } catch (TimeoutException e) {
      throw new RedisCommandTimeoutException("no reply within " + timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedisCommandInterruptedException(e);
    }
  }
}
