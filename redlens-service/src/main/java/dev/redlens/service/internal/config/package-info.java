/**
 * Configuration from the specification's REDIS_ and OTEL_ variables and Redlens' own REDLENS_ ones.
 */
package dev.redlens.service.internal.config;
