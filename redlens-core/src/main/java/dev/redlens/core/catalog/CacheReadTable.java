package dev.redlens.core.catalog;

import java.util.Map;

/**
 * The one hand-kept table of the catalog: which commands read a cached value, and how their reply
 * tells a hit from a miss. Reply semantics are not in the server's command table, so they are
 * listed here, by name, in one place. Being by name, the table also applies to commands the bundled
 * table lacks (JSON.GET, or HGETEX and HGETDEL that arrived after Redis 7.0) once they are learned
 * or registered.
 *
 * <p>Left out on purpose: GETSET and SET … GET (writes), HSTRLEN and similar (reply 0, not nil, on
 * a miss), and every command whose reply does not distinguish a missing key.
 */
final class CacheReadTable {

  private static final Map<String, CacheRead> TABLE =
      Map.ofEntries(
          // one value: nil is a miss
          Map.entry("GET", CacheRead.SINGLE),
          Map.entry("GETEX", CacheRead.SINGLE),
          Map.entry("GETDEL", CacheRead.SINGLE),
          Map.entry("HGET", CacheRead.SINGLE),
          Map.entry("LINDEX", CacheRead.SINGLE),
          Map.entry("ZSCORE", CacheRead.SINGLE),
          Map.entry("ZRANK", CacheRead.SINGLE),
          Map.entry("ZREVRANK", CacheRead.SINGLE),
          Map.entry("JSON.GET", CacheRead.SINGLE),
          // one value per key or field: each nil element is a miss
          Map.entry("MGET", CacheRead.PER_ELEMENT),
          Map.entry("HMGET", CacheRead.PER_ELEMENT),
          Map.entry("ZMSCORE", CacheRead.PER_ELEMENT),
          Map.entry("JSON.MGET", CacheRead.PER_ELEMENT),
          Map.entry("HGETDEL", CacheRead.PER_ELEMENT),
          Map.entry("HGETEX", CacheRead.PER_ELEMENT),
          // a whole collection: empty is a miss
          Map.entry("HGETALL", CacheRead.COLLECTION));

  private CacheReadTable() {}

  /**
   * The cache-read kind of the command with this (upper-case) name; {@link CacheRead#NONE} if it is
   * not listed.
   */
  static CacheRead forName(String upperCaseName) {
    return TABLE.getOrDefault(upperCaseName, CacheRead.NONE);
  }

  /** The names listed, for tests. */
  static Map<String, CacheRead> table() {
    return TABLE;
  }
}
