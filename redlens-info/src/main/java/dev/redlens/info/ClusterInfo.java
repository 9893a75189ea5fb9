package dev.redlens.info;

import dev.redlens.info.internal.InfoTextParser;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The reply of {@code CLUSTER INFO} ({@code cluster_state:ok}, {@code
 * cluster_slots_assigned:16384}, …).
 *
 * @param section the raw fields, for fields without an accessor
 */
public record ClusterInfo(InfoSection section) {

  /** Parses the text of {@code CLUSTER INFO}; like {@link InfoSnapshot#parse}, never throws. */
  public static ClusterInfo parse(String text) {
    InfoTextParser.RawInfo raw = InfoTextParser.parse(text);
    Map<String, String> fields = new LinkedHashMap<>();
    raw.sections().values().forEach(fields::putAll);
    return new ClusterInfo(new InfoSection(InfoTextParser.UNNAMED_SECTION, fields));
  }

  /** {@code cluster_state}: {@code ok} or {@code fail}. */
  public Optional<String> state() {
    return section.get("cluster_state");
  }

  /** {@code cluster_slots_assigned}. */
  public OptionalLong slotsAssigned() {
    return section.longValue("cluster_slots_assigned");
  }

  /** {@code cluster_slots_ok}. */
  public OptionalLong slotsOk() {
    return section.longValue("cluster_slots_ok");
  }

  /** {@code cluster_slots_pfail}. */
  public OptionalLong slotsPfail() {
    return section.longValue("cluster_slots_pfail");
  }

  /** {@code cluster_slots_fail}. */
  public OptionalLong slotsFail() {
    return section.longValue("cluster_slots_fail");
  }

  /** {@code cluster_known_nodes}. */
  public OptionalLong knownNodes() {
    return section.longValue("cluster_known_nodes");
  }

  /** {@code cluster_size}: primaries serving at least one slot. */
  public OptionalLong size() {
    return section.longValue("cluster_size");
  }

  /** {@code cluster_current_epoch}. */
  public OptionalLong currentEpoch() {
    return section.longValue("cluster_current_epoch");
  }

  /** {@code cluster_my_epoch}. */
  public OptionalLong myEpoch() {
    return section.longValue("cluster_my_epoch");
  }

  /** {@code cluster_stats_messages_sent}. */
  public OptionalLong messagesSent() {
    return section.longValue("cluster_stats_messages_sent");
  }

  /** {@code cluster_stats_messages_received}. */
  public OptionalLong messagesReceived() {
    return section.longValue("cluster_stats_messages_received");
  }

  /** {@code total_cluster_links_buffer_limit_exceeded} (Redis 7.0+). */
  public OptionalLong linksBufferLimitExceeded() {
    return section.longValue("total_cluster_links_buffer_limit_exceeded");
  }
}
