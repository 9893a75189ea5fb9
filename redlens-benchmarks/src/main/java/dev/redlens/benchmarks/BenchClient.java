package dev.redlens.benchmarks;

/** One Redis client variant under load: plain or instrumented, Lettuce or Jedis. */
interface BenchClient extends AutoCloseable {

  /** One SET of {@code key}, synchronously, on the caller's thread. */
  void set(String key, String value);

  /** One GET of {@code key}, synchronously, on the caller's thread. */
  String get(String key);

  /**
   * {@code keys.length} commands (alternately SET and GET) sent as one pipelined batch, then every
   * reply awaited.
   */
  void pipelined(String[] keys, String value);

  /** Whether many threads may share this client ({@link #get} from several threads). */
  boolean threadSafe();

  @Override
  void close();
}
