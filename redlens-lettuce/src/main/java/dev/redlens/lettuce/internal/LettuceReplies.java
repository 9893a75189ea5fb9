package dev.redlens.lettuce.internal;

import dev.redlens.core.instrumentation.ReplyInspector;
import io.lettuce.core.Value;

/**
 * Lettuce's nil: {@code null} for single values, an empty {@link Value} (a {@code KeyValue} without
 * value) for elements of multi-key reads such as MGET and HMGET.
 */
public final class LettuceReplies {

  public static final ReplyInspector INSPECTOR =
      reply -> reply == null || (reply instanceof Value<?> value && !value.hasValue());

  private LettuceReplies() {}
}
