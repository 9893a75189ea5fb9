package dev.redlens.info;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code # Persistence} section.
 *
 * @param section the raw section, for fields without an accessor
 */
public record PersistenceInfo(InfoSection section) {
  /** {@code loading}: {@code 1} while the dataset is being loaded. */
  public OptionalLong loading() {
    return section.longValue("loading");
  }

  /** {@code rdb_changes_since_last_save}. */
  public OptionalLong rdbChangesSinceLastSave() {
    return section.longValue("rdb_changes_since_last_save");
  }

  /** {@code rdb_last_save_time}, seconds since the epoch. */
  public OptionalLong rdbLastSaveTime() {
    return section.longValue("rdb_last_save_time");
  }

  /** {@code rdb_last_bgsave_status}: {@code ok} or {@code err}. */
  public Optional<String> rdbLastBgsaveStatus() {
    return section.get("rdb_last_bgsave_status");
  }

  /** {@code aof_enabled}. */
  public OptionalLong aofEnabled() {
    return section.longValue("aof_enabled");
  }

  /** {@code aof_last_write_status}: {@code ok} or {@code err}. */
  public Optional<String> aofLastWriteStatus() {
    return section.get("aof_last_write_status");
  }
}
