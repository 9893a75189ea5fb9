package dev.redlens.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Matches unless {@code redlens.info.enabled=false}: the {@code ServerMetrics} auto-configuration
 * of each Spring Boot generation carries it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@ConditionalOnProperty(
    prefix = "redlens.info",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
public @interface ConditionalOnRedlensInfoEnabled {}
