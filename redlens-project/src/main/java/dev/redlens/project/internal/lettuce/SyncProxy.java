package dev.redlens.project.internal.lettuce;

import dev.redlens.project.rewrite.ProjectIsolationException;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The synchronous API over a scoped asynchronous API, as Lettuce builds its own (its handler is not
 * public): each call awaits its future with the connection's timeout; inside MULTI, queued commands
 * return null, except that a refused command throws at once rather than vanish from the
 * transaction.
 */
final class SyncProxy implements InvocationHandler {

  // the asynchronous counterpart of each method, per class of asynchronous API: shared by every
  // proxy (a service makes a scoped connection, hence a proxy, per request; a cache per proxy made
  // each of them look every method up again by reflection) and bounded by the API's methods
  private static final ClassValue<Map<Method, Method>> TARGETS =
      new ClassValue<>() {
        @Override
        protected Map<Method, Method> computeValue(Class<?> type) {
          return new ConcurrentHashMap<>();
        }
      };

  private final StatefulRedisConnection<?, ?> connection;
  private final Object async;
  private final Map<Method, Method> methods;

  private SyncProxy(StatefulRedisConnection<?, ?> connection, Object async) {
    this.connection = connection;
    this.async = async;
    this.methods = TARGETS.get(async.getClass());
  }

  @SuppressWarnings("unchecked")
  static <T> T create(StatefulRedisConnection<?, ?> connection, Object async, Class<T> api) {
    return (T)
        Proxy.newProxyInstance(
            api.getClassLoader(), new Class<?>[] {api}, new SyncProxy(connection, async));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      switch (method.getName()) {
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        default:
          return "Scoped sync API of " + connection;
      }
    }
    Method target = methods.computeIfAbsent(method, this::target);
    Object result;
    try {
      result = target.invoke(async, args);
    } catch (InvocationTargetException e) {
      throw e.getTargetException();
    }
    if (!(result instanceof RedisFuture<?> future)) {
      return result;
    }
    if (future instanceof CompletableFuture<?> completable
        && completable.isCompletedExceptionally()) {
      try {
        completable.join();
      } catch (java.util.concurrent.CompletionException e) {
        if (e.getCause() instanceof ProjectIsolationException refused) {
          throw refused;
        }
      }
    }
    String name = method.getName();
    boolean transactionControl =
        name.equals("exec")
            || name.equals("multi")
            || name.equals("discard")
            || name.equals("watch");
    if (!transactionControl && connection.isMulti()) {
      return null;
    }
    return LettuceFutures.awaitOrCancel(
        future, connection.getTimeout().toNanos(), TimeUnit.NANOSECONDS);
  }

  private Method target(Method method) {
    try {
      return async.getClass().getMethod(method.getName(), method.getParameterTypes());
    } catch (NoSuchMethodException e) {
      throw new UnsupportedOperationException("No asynchronous counterpart of " + method, e);
    }
  }
}
