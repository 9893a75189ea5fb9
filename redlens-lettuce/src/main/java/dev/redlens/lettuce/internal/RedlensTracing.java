package dev.redlens.lettuce.internal;

import io.lettuce.core.protocol.CommandHandler;
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
 * cluster redirection): its {@code CommandHandler} is told tracing is off ({@link #isEnabled()}),
 * and the tracer anyone else would get is a no-op that allocates nothing.
 */
public final class RedlensTracing implements Tracing {

  public static final RedlensTracing INSTANCE = new RedlensTracing();

  private static final StackWalker CALLER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

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

  /**
   * True, so that Lettuce captures the caller's context for every command it dispatches; false for
   * Lettuce's {@code CommandHandler}, which asks once per channel whether to start its own span for
   * every command it writes ({@code attachTracing}): Redlens uses none of those (its own handler,
   * {@link CommandObserver}, has already read the context), and answering no there saves each
   * command the handler's look-up of a context provider, a {@code Context.current()} on the event
   * loop and the calls on the no-op span (about 170 instructions). Any other caller, and a Lettuce
   * that asks from elsewhere, gets true: tracing as before.
   */
  @Override
  public boolean isEnabled() {
    try {
      return CALLER.getCallerClass() != CommandHandler.class;
    } catch (RuntimeException e) {
      return true; // asked from outside any Java frame: not the handler
    }
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
