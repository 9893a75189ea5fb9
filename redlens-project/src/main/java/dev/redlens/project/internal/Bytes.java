package dev.redlens.project.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Byte-array helpers for keys and patterns (keys are binary; Redis compares bytes). */
public final class Bytes {

  private Bytes() {}

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  public static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  public static boolean startsWith(byte[] b, byte[] prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  public static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /**
   * {@code literal} as a Redis glob pattern matching exactly it: the glob metacharacters {@code * ?
   * [ ] \} escaped with a backslash (the matcher of KEYS, SCAN MATCH, PSUBSCRIBE and ACL patterns
   * alike).
   */
  public static byte[] globLiteral(byte[] literal) {
    int specials = 0;
    for (byte c : literal) {
      if (isGlobSpecial(c)) {
        specials++;
      }
    }
    if (specials == 0) {
      return literal.clone();
    }
    byte[] out = new byte[literal.length + specials];
    int j = 0;
    for (byte c : literal) {
      if (isGlobSpecial(c)) {
        out[j++] = '\\';
      }
      out[j++] = c;
    }
    return out;
  }

  private static boolean isGlobSpecial(byte c) {
    return c == '*' || c == '?' || c == '[' || c == ']' || c == '\\';
  }

  /** A short printable form of a key for error messages (at most 80 characters). */
  public static String shown(byte[] key) {
    String s = text(key);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length() && out.length() < 80; i++) {
      char c = s.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    return out.length() < s.length() ? out + "…" : out.toString();
  }
}
