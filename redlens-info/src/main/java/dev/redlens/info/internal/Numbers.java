package dev.redlens.info.internal;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Locale-independent, strict number parsing for {@code INFO} values: ASCII digits only, no hex, no
 * {@code NaN}/{@code Infinity}, no type suffixes. Anything else is "not a number" and yields an
 * empty optional.
 */
public final class Numbers {
  private Numbers() {}

  /** Parses an optionally signed ASCII integer that fits a {@code long}. */
  public static OptionalLong parseLong(String text) {
    if (text == null) {
      return OptionalLong.empty();
    }
    String s = text.trim();
    int n = s.length();
    int start = (n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+')) ? 1 : 0;
    if (n == start || n - start > 19) {
      return OptionalLong.empty();
    }
    for (int i = start; i < n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return OptionalLong.empty();
      }
    }
    try {
      return OptionalLong.of(Long.parseLong(s));
    } catch (NumberFormatException overflow) {
      return OptionalLong.empty();
    }
  }

  /** Parses an optionally signed ASCII decimal number, with optional fraction and exponent. */
  public static OptionalDouble parseDouble(String text) {
    if (text == null) {
      return OptionalDouble.empty();
    }
    String s = text.trim();
    if (!isDecimal(s)) {
      return OptionalDouble.empty();
    }
    double value = Double.parseDouble(s);
    return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
  }

  private static boolean isDecimal(String s) {
    int i = 0;
    int n = s.length();
    if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      i++;
    }
    int digits = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
        i++;
      }
      int exponentDigits = 0;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        exponentDigits++;
      }
      if (exponentDigits == 0) {
        return false;
      }
    }
    return i == n;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
