package dev.redlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.redlens.core.catalog.CommandArguments;
import dev.redlens.core.instrumentation.ClientScope;
import dev.redlens.testing.InMemoryTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A telemetry backend that throws never reaches the caller, and local statistics still count. */
class FailingBackendTest {

  @Test
  void throwingSpanProcessorAndMetricExporterNeverReachTheCaller() throws Exception {
    try (InMemoryTelemetry failing = InMemoryTelemetry.failing();
        RedisTelemetry telemetry = RedisTelemetry.create(failing.openTelemetry())) {
      ClientScope scope = telemetry.scope("127.0.0.1", 1, 0);
      long operations = 0;
      long until =
          System.nanoTime() + 150_000_000L; // several 20 ms export rounds of the failing exporter
      while (System.nanoTime() < until) {
        assertThatCode(() -> scope.start("GET", CommandArguments.of("k")).end("v"))
            .doesNotThrowAnyException();
        operations++;
      }
      String body = telemetry.traceOperation("CUSTOM_OPERATION", null, () -> "result");
      IOException thrown = new IOException("the body's own failure");
      assertThatThrownBy(
              () ->
                  telemetry.traceOperation(
                      "CUSTOM_OPERATION",
                      "p",
                      () -> {
                        throw thrown;
                      }))
          .isSameAs(thrown);

      assertThat(body).isEqualTo("result");
      assertThat(telemetry.snapshot().command("GET").count()).isEqualTo(operations);
      assertThat(telemetry.snapshot().cache().hits()).isEqualTo(operations);
      assertThat(telemetry.snapshot().command("CUSTOM_OPERATION").errors()).isEqualTo(1);
    }
  }

  @Test
  void anOpenTelemetryImplementationThatThrowsOnEveryRecordingNeverReachesTheCaller()
      throws Exception {
    try (RedisTelemetry telemetry = RedisTelemetry.create(throwingOnRecord())) {
      ClientScope scope = telemetry.scope("127.0.0.1", 1, 0);
      assertThatCode(
              () -> {
                scope.start("GET", CommandArguments.of("k")).end("v");
                scope
                    .start("MGET", CommandArguments.of("a", "b"))
                    .end(java.util.Arrays.asList("1", null));
                scope
                    .start("INCR", CommandArguments.of("k"))
                    .endWithErrorReply("WRONGTYPE Operation");
                scope
                    .start("GET", CommandArguments.of("k"))
                    .endWithException(new IOException("reset"));
                scope.withProject("p").start("SET", CommandArguments.of("k", "v")).close();
              })
          .doesNotThrowAnyException();
      assertThat(telemetry.traceOperation("CUSTOM_OPERATION", "p", () -> 42)).isEqualTo(42);

      TelemetrySnapshot snapshot = telemetry.snapshot();
      assertThat(snapshot.operations()).isEqualTo(6);
      assertThat(snapshot.errors()).isEqualTo(2);
      assertThat(snapshot.cache().hits()).isEqualTo(2);
      assertThat(snapshot.cache().misses()).isEqualTo(1);
    }
  }

  @Test
  void aSpanThatCannotBeDescribedIsStillEnded() {
    java.util.concurrent.atomic.AtomicInteger ended =
        new java.util.concurrent.atomic.AtomicInteger();
    OpenTelemetry describingFails =
        proxy(
            OpenTelemetry.class,
            name -> {
              switch (name) {
                case "isRecording":
                  return true;
                case "end":
                  ended.incrementAndGet();
                  return null;
                case "setAttribute":
                case "setStatus":
                case "recordException":
                  throw new IllegalStateException("backend down: " + name);
                default:
                  return NOT_HANDLED;
              }
            });
    try (RedisTelemetry telemetry = RedisTelemetry.create(describingFails)) {
      ClientScope scope = telemetry.scope("127.0.0.1", 1, 0);
      scope.start("GET", CommandArguments.of("k")).end("v");
      scope.start("INCR", CommandArguments.of("k")).endWithErrorReply("WRONGTYPE Operation");
      scope.start("GET", CommandArguments.of("k")).endWithException(new IOException("reset"));
    }
    assertThat(ended).hasValue(3);
  }

  private static final Object NOT_HANDLED = new Object();

  private static final Set<String> RECORDING =
      Set.of(
          "startSpan",
          "end",
          "record",
          "add",
          "setAttribute",
          "setStatus",
          "recordException",
          "isRecording");

  /** An API implementation whose instruments and spans throw whenever something is recorded. */
  private static OpenTelemetry throwingOnRecord() {
    return proxy(
        OpenTelemetry.class,
        name -> {
          if (RECORDING.contains(name)) {
            throw new IllegalStateException("backend down: " + name);
          }
          return NOT_HANDLED;
        });
  }

  /**
   * An implementation of {@code type} (and of every interface its methods return) that asks {@code
   * behaviour} first, by method name; when it answers {@link #NOT_HANDLED}, interfaces are proxied
   * in turn and everything else is null, false or 0.
   */
  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, java.util.function.Function<String, Object> behaviour) {
    return (T)
        Proxy.newProxyInstance(
            FailingBackendTest.class.getClassLoader(),
            new Class<?>[] {type},
            (self, method, args) -> {
              switch (method.getName()) {
                case "equals":
                  return self == args[0];
                case "hashCode":
                  return System.identityHashCode(self);
                case "toString":
                  return "throwing " + type.getSimpleName();
                default:
                  break;
              }
              Object answer = behaviour.apply(method.getName());
              if (answer != NOT_HANDLED) {
                return answer;
              }
              Class<?> returns = method.getReturnType();
              if (returns.isInterface()) {
                return proxy(returns, behaviour);
              }
              if (returns == boolean.class) {
                return false;
              }
              if (returns.isPrimitive() && returns != void.class) {
                return 0;
              }
              return null;
            });
  }
}
