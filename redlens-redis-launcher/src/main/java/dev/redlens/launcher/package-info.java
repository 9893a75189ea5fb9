/**
 * Starts and stops real {@code redis-server} processes on free loopback ports: {@link
 * dev.redlens.launcher.RedisExecutable} (which binary), {@link dev.redlens.launcher.LoopbackPort}
 * (which port), {@link dev.redlens.launcher.RedisProcess} (the process). No dependency besides the
 * embedded-redis artifact's bundled binary; shared by the test fixtures and the service so that
 * each rule (never 6379, loopback only, the embedded resource names) exists once.
 */
package dev.redlens.launcher;
