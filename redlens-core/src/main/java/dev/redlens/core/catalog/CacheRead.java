package dev.redlens.core.catalog;

/**
 * How a command's reply tells a cache hit from a miss. Reply semantics are not part of the server's
 * command table, so this is the one hand-kept table of the catalog.
 */
public enum CacheRead {
  /** The command does not read a value: no hit or miss is recorded. */
  NONE,
  /**
   * One value is read: a nil reply is a miss, anything else a hit (GET, HGET, LINDEX, ZSCORE,
   * JSON.GET…).
   */
  SINGLE,
  /**
   * One value per key or field: each nil element of the array reply is a miss, each other element a
   * hit (MGET, HMGET…).
   */
  PER_ELEMENT,
  /**
   * A whole collection is read: an empty reply (the key does not exist) is a miss, anything else a
   * hit (HGETALL).
   */
  COLLECTION
}
