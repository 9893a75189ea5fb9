package dev.redlens.info;

import java.util.OptionalLong;

/**
 * The {@code # Clients} section.
 *
 * @param section the raw section, for fields without an accessor
 */
public record ClientsInfo(InfoSection section) {
  /** {@code connected_clients} (replicas excluded). */
  public OptionalLong connectedClients() {
    return section.longValue("connected_clients");
  }

  /** {@code blocked_clients}. */
  public OptionalLong blockedClients() {
    return section.longValue("blocked_clients");
  }

  /** {@code maxclients}. */
  public OptionalLong maxClients() {
    return section.longValue("maxclients");
  }

  /** {@code tracking_clients}. */
  public OptionalLong trackingClients() {
    return section.longValue("tracking_clients");
  }

  /** {@code client_recent_max_input_buffer}, bytes. */
  public OptionalLong recentMaxInputBuffer() {
    return section.longValue("client_recent_max_input_buffer");
  }

  /** {@code client_recent_max_output_buffer}, bytes. */
  public OptionalLong recentMaxOutputBuffer() {
    return section.longValue("client_recent_max_output_buffer");
  }
}
