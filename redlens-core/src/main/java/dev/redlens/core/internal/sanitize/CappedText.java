package dev.redlens.core.internal.sanitize;

/**
 * A space-separated text that never grows past {@code max} characters: the token that would cross
 * the cap is cut, and the text ends with {@code …} (counted in the cap). Never splits a surrogate
 * pair. Not thread-safe.
 */
final class CappedText {

  static final char ELLIPSIS = '\u2026';

  private final StringBuilder sb;
  private final int max;
  private boolean full;

  CappedText(int max) {
    this.max = max;
    // most query texts ("GET user:1", "SET user:1 ?") fit in 48; a longer one grows the buffer once
    // or twice, where starting at 128 zeroed and dropped 80 more bytes for every span
    this.sb = new StringBuilder(Math.min(max, 48));
  }

  /**
   * Appends a token, preceded by a space unless it is the first. Returns false once the cap is
   * reached (the text then ends with the ellipsis and takes nothing more).
   */
  boolean add(String token) {
    if (full) {
      return false;
    }
    boolean space = sb.length() > 0;
    int needed = (space ? 1 : 0) + token.length();
    if (sb.length() + needed <= max) {
      if (space) {
        sb.append(' ');
      }
      sb.append(token);
      return true;
    }
    int room = max - 1 - sb.length() - (space ? 1 : 0); // leave room for the ellipsis
    if (room > 0) {
      if (space) {
        sb.append(' ');
      }
      sb.append(token, 0, safeCut(token, room));
    }
    cut();
    return false;
  }

  /** Ends the text with the ellipsis, shortening it first if needed to stay within the cap. */
  void cut() {
    if (full) {
      return;
    }
    if (sb.length() > max - 1) {
      sb.setLength(safeCut(sb, Math.max(0, max - 1)));
    }
    while (sb.length() > 0 && sb.charAt(sb.length() - 1) == ' ') {
      sb.setLength(sb.length() - 1); // "a b…", not "a b …"
    }
    sb.append(ELLIPSIS);
    full = true;
  }

  boolean isFull() {
    return full;
  }

  int length() {
    return sb.length();
  }

  @Override
  public String toString() {
    return sb.toString();
  }

  /** {@code length}, or one less if that would split a surrogate pair. */
  private static int safeCut(CharSequence s, int length) {
    if (length > 0 && length < s.length() && Character.isHighSurrogate(s.charAt(length - 1))) {
      return length - 1;
    }
    return length;
  }
}
