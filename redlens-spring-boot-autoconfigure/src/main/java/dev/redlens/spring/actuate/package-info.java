/**
 * Actuator support: the {@code redlens} endpoint (what Redlens recorded: latency percentiles per
 * command, hit ratio, error rates, pools, nodes) and a health contributor for the INFO collector.
 */
package dev.redlens.spring.actuate;
