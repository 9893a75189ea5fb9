/**
 * The overhead benchmark of the Jedis integration (JMH): plain Jedis against instrumented Jedis, sync GET
 * against a redis-server the benchmark starts. A {@code main}, never run by surefire; see the module README.
 */
package dev.redlens.jedis.bench;
