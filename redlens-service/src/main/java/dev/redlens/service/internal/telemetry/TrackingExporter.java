package dev.redlens.service.internal.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;

/**
 * Wraps a configured exporter (span or metric: the same code for both) so that each export's
 * outcome is recorded in an {@link ExportState}. A proxy rather than two hand-written delegates:
 * the two SDK interfaces share only {@code export(Collection)}, and everything else must be
 * forwarded unchanged (temporality, aggregation, memory mode, flush, shutdown).
 */
final class TrackingExporter {

  private TrackingExporter() {}

  /** {@code delegate} as a {@code type} that records each export's outcome in {@code state}. */
  static <T> T wrap(Class<T> type, T delegate, ExportState state) {
    Object proxy =
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (self, method, args) -> {
              if (method.getDeclaringClass() == Object.class) {
                return objectMethod(self, delegate, method, args);
              }
              Object result = invoke(delegate, method, args);
              if (isExport(method, args) && result instanceof CompletableResultCode code) {
                return state.track(code, ((Collection<?>) args[0]).size());
              }
              return result;
            });
    return type.cast(proxy);
  }

  private static boolean isExport(Method method, Object[] args) {
    return method.getName().equals("export")
        && args != null
        && args.length == 1
        && args[0] instanceof Collection<?>;
  }

  private static Object objectMethod(Object self, Object delegate, Method method, Object[] args)
      throws Throwable {
    switch (method.getName()) {
      case "equals":
        return self == args[0];
      case "hashCode":
        return System.identityHashCode(self);
      default:
        return invoke(delegate, method, args); // toString: the delegate's, for the SDK's logs
    }
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
