/**
 * Tests of the operations kit in {@code deploy/}: the rule files through {@code promtool}, the
 * dashboard's structure, and every PromQL expression of the dashboard and the rules against a real
 * Prometheus that scrapes a running {@code redlens-service}.
 */
package dev.redlens.deploy;
