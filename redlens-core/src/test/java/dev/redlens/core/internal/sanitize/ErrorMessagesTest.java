package dev.redlens.core.internal.sanitize;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorMessagesTest {

  private static final String UNKNOWN =
      "ERR unknown command 'FOO', with args beginning with: 'user:1' 'card-4111111111111111' ";

  @Test
  void quotedArgumentsOfAnUnknownCommandAreCutWhenSanitizing() {
    assertThat(ErrorMessages.forSpan(UNKNOWN, true))
        .isEqualTo("ERR unknown command 'FOO', with args beginning with: ?")
        .doesNotContain("4111");
  }

  @Test
  void rawModeKeepsTheMessageAndEveryMessageIsCapped() {
    assertThat(ErrorMessages.forSpan(UNKNOWN, false)).isEqualTo(UNKNOWN);
    assertThat(ErrorMessages.forSpan("WRONGTYPE Operation against a key", true))
        .isEqualTo("WRONGTYPE Operation against a key");
    assertThat(ErrorMessages.forSpan("ERR " + "x".repeat(1000), true))
        .hasSize(ErrorMessages.MAX_LENGTH + 1);
    assertThat(ErrorMessages.forSpan(null, true)).isNull();
  }
}
