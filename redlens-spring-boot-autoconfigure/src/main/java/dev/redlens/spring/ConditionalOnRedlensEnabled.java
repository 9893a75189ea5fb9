package dev.redlens.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Matches unless {@code redlens.enabled=false}: every Redlens auto-configuration carries it, so the
 * one property removes them all (not only the {@code RedisTelemetry} they depend on, which would
 * leave the others failing on a missing bean).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@ConditionalOnProperty(
    prefix = "redlens",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
public @interface ConditionalOnRedlensEnabled {}
