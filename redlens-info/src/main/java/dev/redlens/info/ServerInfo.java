package dev.redlens.info;

import dev.redlens.info.internal.Numbers;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code # Server} section: identity of the server.
 *
 * @param section the raw section, for fields without an accessor
 */
public record ServerInfo(InfoSection section) {
  /** {@code redis_version}, e.g. {@code 7.4.1}. */
  public Optional<String> version() {
    return section.get("redis_version");
  }

  /** The major version ({@code 7} for {@code 7.4.1}), if the version is readable. */
  public OptionalLong majorVersion() {
    return version()
        .map(
            v -> {
              int dot = v.indexOf('.');
              return dot < 0 ? v : v.substring(0, dot);
            })
        .map(Numbers::parseLong)
        .orElse(OptionalLong.empty());
  }

  /** {@code redis_mode}: {@code standalone}, {@code cluster} or {@code sentinel}. */
  public Optional<String> mode() {
    return section.get("redis_mode");
  }

  /** {@code os}. */
  public Optional<String> os() {
    return section.get("os");
  }

  /** {@code run_id}. */
  public Optional<String> runId() {
    return section.get("run_id");
  }

  /** {@code process_id}. */
  public OptionalLong processId() {
    return section.longValue("process_id");
  }

  /** {@code tcp_port}. */
  public OptionalLong tcpPort() {
    return section.longValue("tcp_port");
  }

  /** {@code uptime_in_seconds}. */
  public OptionalLong uptimeSeconds() {
    return section.longValue("uptime_in_seconds");
  }

  /** {@code executable} (empty string when the server does not know it). */
  public Optional<String> executable() {
    return section.get("executable");
  }
}
