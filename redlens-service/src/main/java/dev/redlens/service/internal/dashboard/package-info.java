/** The dashboard's sampler; the page itself is in src/main/resources/dashboard. */
package dev.redlens.service.internal.dashboard;
