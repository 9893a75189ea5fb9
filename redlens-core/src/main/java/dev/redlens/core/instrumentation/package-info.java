/**
 * The SPI for client integrations (Lettuce, Jedis, project-scoped clients and any other): the types
 * an integration calls to record commands. An integration gets a {@link
 * dev.redlens.core.instrumentation.ClientScope} from {@code RedisTelemetry.scope}, starts every
 * command through it and ends it through its {@link
 * dev.redlens.core.instrumentation.RedisOperation}; it supplies its client's notion of nil as a
 * {@link dev.redlens.core.instrumentation.ReplyInspector} ({@link
 * dev.redlens.core.instrumentation.CacheCounts} turns replies into hits and misses), and logs
 * degradations once with {@link dev.redlens.core.instrumentation.OnceLogger}.
 *
 * <p>These names are stable: integrations in other modules depend on them. Redlens implements the
 * interfaces (in {@code dev.redlens.core.internal.recording}); integrations only call them. This
 * package depends on the catalog and the OpenTelemetry API only, never on the application facade
 * ({@code dev.redlens.core}) or the recorder.
 */
package dev.redlens.core.instrumentation;
