/**
 * Spring Boot auto-configuration of Redlens: adding {@code redlens-spring-boot-starter} instruments
 * the application's Redis clients (Lettuce and Jedis connection factories, their pools), Spring's
 * Redis caches and the configured servers' {@code INFO}, with settings under {@code redlens.*}
 * ({@link dev.redlens.spring.RedlensProperties}).
 */
package dev.redlens.spring;
