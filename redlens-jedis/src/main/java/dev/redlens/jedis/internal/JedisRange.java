package dev.redlens.jedis.internal;

/**
 * The class-presence check by which each version adapter ({@link HashSlots}, {@link
 * JedisConnections}, {@link JedisClients}) picks its implementation once, when it loads.
 */
final class JedisRange {

  private JedisRange() {}

  /** Whether the Jedis on the class path has {@code className} (not initialized). */
  static boolean has(String className) {
    try {
      Class.forName(className, false, JedisRange.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
