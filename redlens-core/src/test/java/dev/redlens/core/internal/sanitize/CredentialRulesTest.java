package dev.redlens.core.internal.sanitize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.redlens.core.catalog.CommandArguments;
import org.junit.jupiter.api.Test;

class CredentialRulesTest {

  @Test
  void nothingToMaskAllocatesNoMask() {
    assertThat(CredentialRules.sensitive("SET", CommandArguments.of("k", "v"))).isNull();
    assertThat(CredentialRules.sensitive("CONFIG", CommandArguments.of("GET", "requirepass")))
        .isNull();
    assertThat(CredentialRules.sensitive("AUTH", CommandArguments.EMPTY)).isNull();
    assertThat(CredentialRules.sensitive(null, CommandArguments.of("x"))).isNull();
  }

  @Test
  void masksByPosition() {
    assertThat(CredentialRules.sensitive("auth", CommandArguments.of("u", "p")))
        .containsExactly(true, true);
    assertThat(
            CredentialRules.sensitive(
                "HELLO", CommandArguments.of("3", "AUTH", "u", "p", "SETNAME", "n")))
        .containsExactly(false, false, true, true, false, false);
    // AUTH at the very end: nothing past the arguments is marked
    assertThat(CredentialRules.sensitive("HELLO", CommandArguments.of("3", "AUTH", "u")))
        .containsExactly(false, false, true);
    assertThat(CredentialRules.sensitive("CONFIG", CommandArguments.of("SET", "requirepass")))
        .as("a name without its value")
        .isNull();
  }

  @Test
  void passwordRules() {
    assertThat(CredentialRules.isPasswordRule(">secret")).isTrue();
    assertThat(CredentialRules.isPasswordRule("<secret")).isTrue();
    assertThat(
            CredentialRules.isPasswordRule(
                "#5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8"))
        .isTrue();
    assertThat(CredentialRules.isPasswordRule("!5e88")).isTrue();
    assertThat(CredentialRules.isPasswordRule("on >secret")).isTrue();
    assertThat(CredentialRules.isPasswordRule("(>secret ~k*)")).isTrue();
    assertThat(CredentialRules.isPasswordRule("~key>")).isFalse();
    assertThat(CredentialRules.isPasswordRule("+@all")).isFalse();
    assertThat(CredentialRules.isPasswordRule("resetpass")).isFalse();
    assertThat(CredentialRules.isPasswordRule("")).isFalse();
  }
}
