/**
 * How the auto-configuration reaches clients that Spring builds itself: the instrumented
 * replacement of Spring Data Redis's {@code JedisConnectionFactory} and its Jedis pool factory, and
 * the metrics of Spring's {@code RedisCache} statistics. Not an API: names and types here may
 * change in any release.
 */
package dev.redlens.spring.internal;
