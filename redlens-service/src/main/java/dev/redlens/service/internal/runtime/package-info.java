/**
 * The running service's parts as one value ({@link
 * dev.redlens.service.internal.runtime.ServiceParts}), shared by the HTTP layer and the dashboard
 * sampler without either depending on the other's package, and what both write the same way ({@link
 * dev.redlens.service.internal.runtime.JsonNumbers}).
 */
package dev.redlens.service.internal.runtime;
