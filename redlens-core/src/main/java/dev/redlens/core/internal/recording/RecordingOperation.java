package dev.redlens.core.internal.recording;

import dev.redlens.core.catalog.CacheRead;
import dev.redlens.core.instrumentation.CacheCounts;
import dev.redlens.core.instrumentation.ClientScope;
import dev.redlens.core.instrumentation.RedisOperation;
import dev.redlens.core.internal.ErrorClassification;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The recorder's {@link RedisOperation}: the span, the start time and the command's binding. The
 * first {@code end…} call wins (a CAS on one field) and hands the outcome to the {@link Recorder}.
 */
final class RecordingOperation implements RedisOperation {

  private static final AtomicIntegerFieldUpdater<RecordingOperation> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(RecordingOperation.class, "ended");

  final CommandBinding binding; // and through it the scope: 40 bytes per operation, not 48
  final Span span;
  final long startNanos;
  long batchSize = -1;
  private volatile int ended;

  RecordingOperation(CommandBinding binding, Span span, long startNanos) {
    this.binding = binding;
    this.span = span;
    this.startNanos = startNanos;
  }

  @Override
  public Span span() {
    return span;
  }

  @Override
  public String operationName() {
    return binding.operationName;
  }

  @Override
  public boolean isKnownCommand() {
    return binding.spec != null;
  }

  @Override
  public void setBatchSize(long size) {
    this.batchSize = size;
  }

  @Override
  public boolean isEnded() {
    return ended != 0;
  }

  @Override
  public void end(Object reply) {
    Recorder recorder = binding.scope.recorder;
    long nanos = recorder.nanoTime() - startNanos;
    if (claim()) {
      long hits = 0;
      long misses = 0;
      CacheRead cacheRead = binding.spec == null ? CacheRead.NONE : binding.spec.cacheRead();
      if (cacheRead != CacheRead.NONE) {
        try {
          long counts = CacheCounts.count(cacheRead, reply, binding.scope.replyInspector);
          hits = CacheCounts.hits(counts);
          misses = CacheCounts.misses(counts);
        } catch (RuntimeException e) {
          recorder.degraded("reply", "Redlens could not inspect a reply for hits and misses", e);
        }
      }
      recorder.finish(this, nanos, hits, misses, null, null);
    }
  }

  @Override
  public void endWithCacheResult(long hits, long misses) {
    long nanos = binding.scope.recorder.nanoTime() - startNanos;
    if (claim()) {
      binding.scope.recorder.finish(this, nanos, hits, misses, null, null);
    }
  }

  @Override
  public void endWithErrorReply(String message) {
    long nanos = binding.scope.recorder.nanoTime() - startNanos;
    if (claim()) {
      binding.scope.recorder.finish(
          this, nanos, 0, 0, ErrorClassification.ofErrorReply(message), message);
    }
  }

  @Override
  public void endWithException(Throwable error) {
    long nanos = binding.scope.recorder.nanoTime() - startNanos;
    if (claim()) {
      ErrorClassification classification;
      try {
        classification = ErrorClassification.of(error);
      } catch (RuntimeException e) {
        classification = ErrorClassification.of(new RuntimeException());
      }
      binding.scope.recorder.finish(this, nanos, 0, 0, classification, error);
    }
  }

  @Override
  public RedisOperation redirectTo(ClientScope target) {
    if (target == binding.scope || !(target instanceof RecordingScope to) || !claim()) {
      return this;
    }
    RecordingOperation moved = new RecordingOperation(to.rebind(binding), span, startNanos);
    moved.batchSize = batchSize;
    try {
      if (span.isRecording()) {
        AttributesBuilder server = Attributes.builder();
        to.putServer(server);
        span.setAllAttributes(server.build());
      }
    } catch (RuntimeException e) {
      binding.scope.recorder.degraded(
          "redirect", "Redlens could not move a span to another server", e);
    }
    return moved;
  }

  private boolean claim() {
    return ENDED.compareAndSet(this, 0, 1);
  }
}
