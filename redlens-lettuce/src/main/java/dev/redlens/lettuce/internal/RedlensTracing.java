package dev.redlens.lettuce.internal;

import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.tracing.TraceContext;
import io.lettuce.core.tracing.TraceContextProvider;
import io.lettuce.core.tracing.Tracer;
import io.lettuce.core.tracing.TracerProvider;
import io.lettuce.core.tracing.Tracing;
import java.net.SocketAddress;

/**
 * Lettuce's {@link Tracing} SPI used for one thing only: carrying the caller's context to the event
 * loop. Enabled tracing makes Lettuce ask {@link #initialTraceContextProvider()} for a context on
 * the caller's thread (or in the subscriber's Reactor context) and wrap the command in a {@code
 * TracedCommand} that holds it; Redlens's channel handler ({@link CommandObserver}) reads it there.
 * Lettuce's own spans are not used (they end after the caller has its reply and cannot follow a
 * cluster redirection), so the tracer is a no-op that allocates nothing.
 */
public final class RedlensTracing implements Tracing {

  public static final RedlensTracing INSTANCE = new RedlensTracing();

  private static final Endpoint NO_ENDPOINT = new Endpoint() {};

  private static final Tracer.Span NO_SPAN =
      new Tracer.Span() {
        @Override
        public Tracer.Span start(RedisCommand<?, ?, ?> command) {
          return this;
        }

        @Override
        public Tracer.Span name(String name) {
          return this;
        }

        @Override
        public Tracer.Span annotate(String value) {
          return this;
        }

        @Override
        public Tracer.Span tag(String key, String value) {
          return this;
        }

        @Override
        public Tracer.Span error(Throwable throwable) {
          return this;
        }

        @Override
        public Tracer.Span remoteEndpoint(Endpoint endpoint) {
          return this;
        }

        @Override
        public void finish() {}
      };

  private static final Tracer NO_TRACER =
      new Tracer() {
        @Override
        public Span nextSpan() {
          return NO_SPAN;
        }

        @Override
        public Span nextSpan(TraceContext traceContext) {
          return NO_SPAN;
        }
      };

  private static final TracerProvider NO_TRACER_PROVIDER = () -> NO_TRACER;

  private RedlensTracing() {}

  @Override
  public TracerProvider getTracerProvider() {
    return NO_TRACER_PROVIDER;
  }

  @Override
  public TraceContextProvider initialTraceContextProvider() {
    return CallerContext.PROVIDER;
  }

  @Override
  public boolean isEnabled() {
    return true;
  }

  @Override
  public boolean includeCommandArgsInSpanTags() {
    return false;
  }

  @Override
  public Endpoint createEndpoint(SocketAddress socketAddress) {
    return NO_ENDPOINT;
  }
}
