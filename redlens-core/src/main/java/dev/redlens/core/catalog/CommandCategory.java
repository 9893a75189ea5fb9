package dev.redlens.core.catalog;

import java.util.Locale;

/**
 * The category of a Redis command, reported as {@code redis.command.category}. Derived from the
 * server's own command table (ACL categories and key-spec flags), never from a hand-written list;
 * see {@link CommandCatalog} for the derivation rules.
 */
public enum CommandCategory {
  READ,
  WRITE,
  DELETE,
  ADMIN,
  TRANSACTION,
  PUBSUB,
  STREAM,
  SCRIPTING,
  CONNECTION,
  OTHER;

  private final String attributeValue = name().toLowerCase(Locale.ROOT);

  /**
   * The value of the {@code redis.command.category} attribute: the lower-case name, e.g. {@code
   * read}.
   */
  public String attributeValue() {
    return attributeValue;
  }
}
