package dev.redlens.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProjectIdsTest {

  @Test
  void acceptsCanonicalUuidsOfAnyVersion() {
    assertThat(ProjectIds.requireValid(UUID.randomUUID().toString())).isNotNull();
    assertThat(ProjectIds.isValid("00000000-0000-0000-0000-000000000000")).isTrue();
    assertThat(ProjectIds.isValid("0189b6a2-7c3e-7def-8abc-0123456789ab")).isTrue(); // v7
  }

  @Test
  void rejectsAnythingElseNamingTheProblem() {
    assertThatThrownBy(() -> ProjectKeyspace.of(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("required");
    assertThatThrownBy(() -> ProjectKeyspace.of("0F8C2A4E-6D1B-4C3A-9F2E-5B7D8A9C0E1F"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lower case");
    assertThatThrownBy(() -> ProjectKeyspace.of("0f8c2a4e6d1b4c3a9f2e5b7d8a9c0e1f"))
        .hasMessageContaining("36 characters");
    assertThatThrownBy(() -> ProjectKeyspace.of("0f8c2a4e-6d1b-4c3a-9f2e-5b7d8a9c0e1g"))
        .hasMessageContaining("'g' at position 35 is not a hexadecimal digit");
    assertThatThrownBy(() -> ProjectKeyspace.of("0f8c2a4e_6d1b-4c3a-9f2e-5b7d8a9c0e1f"))
        .hasMessageContaining("expected '-' at position 8");
    assertThatThrownBy(() -> ProjectKeyspace.of("{0f8c2a4e-6d1b-4c3a-9f2e-5b7d8a9c0e}"))
        .hasMessageContaining("Invalid project id");
  }

  @Test
  void validatesKeyPrefixTemplates() {
    ProjectKeyspace keyspace = ProjectKeyspace.of(UUID.randomUUID().toString());
    assertThat(keyspace.withKeyPrefix("tenant:{%s}:").keyPrefix()).startsWith("tenant:{");
    assertThatThrownBy(() -> keyspace.withKeyPrefix("tenant:"))
        .hasMessageContaining("exactly once");
    assertThatThrownBy(() -> keyspace.withKeyPrefix("%s:")).hasMessageContaining("fixed part");
    assertThatThrownBy(() -> keyspace.withKeyPrefix("t:%s")).hasMessageContaining("separator");
  }
}
