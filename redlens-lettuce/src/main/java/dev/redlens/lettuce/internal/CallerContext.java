package dev.redlens.lettuce.internal;

import io.lettuce.core.tracing.TraceContext;
import io.lettuce.core.tracing.TraceContextProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * What Redlens carries from the caller to the event loop, inside Lettuce's {@code TracedCommand}:
 * the OpenTelemetry context that is current where the command was issued (the span's parent), or
 * the mark of Redlens's own work (a housekeeping command).
 *
 * <p>Lettuce asks for it on the caller's thread ({@code RedisChannelHandler#dispatch}) for the sync
 * and async APIs, and at subscription, through {@link #getTraceContextLater()}, for the reactive
 * API: there the parent is the OpenTelemetry context stored in the subscriber's Reactor context
 * under {@link #REACTOR_KEY} (see {@code LettuceTelemetry.withParent}) when there is one, else the
 * context current on the subscribing thread.
 */
public final class CallerContext implements TraceContext {

  /** The Reactor context key under which a reactive chain carries its parent context. */
  public static final Class<Context> REACTOR_KEY = Context.class;

  /** The OpenTelemetry context key that marks Redlens's own commands (housekeeping). */
  static final ContextKey<Boolean> HOUSEKEEPING_KEY = ContextKey.named("redlens-housekeeping");

  static final CallerContext ROOT = new CallerContext(Context.root());

  /** Captures the caller's context; Lettuce calls it for every command it dispatches. */
  public static final TraceContextProvider PROVIDER =
      new TraceContextProvider() {
        @Override
        public TraceContext getTraceContext() {
          return of(Context.current());
        }

        @Override
        public Mono<TraceContext> getTraceContextLater() {
          return Mono.deferContextual(view -> Mono.just(of(parentIn(view))));
        }
      };

  final Context parent;

  private CallerContext(Context parent) {
    this.parent = parent;
  }

  static CallerContext of(Context parent) {
    return parent == Context.root() ? ROOT : new CallerContext(parent);
  }

  private static Context parentIn(ContextView view) {
    Object stored = view.getOrDefault(REACTOR_KEY, null);
    return stored instanceof Context context ? context : Context.current();
  }

  boolean isHousekeeping() {
    return parent.get(HOUSEKEEPING_KEY) != null;
  }
}
