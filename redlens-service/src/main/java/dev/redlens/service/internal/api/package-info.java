/** The HTTP layer: the specification's endpoints, strict JSON input, /health and /metrics. */
package dev.redlens.service.internal.api;
