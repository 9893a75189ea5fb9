package dev.redlens.core.internal.sanitize;

/**
 * How much of a command's arguments {@code db.query.text} shows. Credentials are masked in every
 * mode.
 */
public enum QueryTextMode {
  /** The default: the command name and key arguments; every other argument becomes {@code ?}. */
  SANITIZED,
  /** The arguments as sent, except credentials. For debugging; values may hold personal data. */
  RAW
}
