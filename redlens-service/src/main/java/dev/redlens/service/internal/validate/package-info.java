/**
 * The validate subcommand: the five acceptance criteria checked through the API and /metrics, and a
 * strict Prometheus text parser.
 */
package dev.redlens.service.internal.validate;
