package dev.redlens.service.internal.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Reads typed values from environment variables; a bad value fails with a message naming the
 * variable.
 */
final class EnvReader {

  private final Map<String, String> env;

  EnvReader(Map<String, String> env) {
    this.env = env;
  }

  String optionalString(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  String string(String name, String fallback) {
    String value = optionalString(name);
    return value == null ? fallback : value;
  }

  int integer(String name, int fallback, int min, int max) {
    String value = optionalString(name);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < min || parsed > max) {
        throw new IllegalArgumentException(
            name + " must be between " + min + " and " + max + ": " + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer: " + value, e);
    }
  }

  double number(String name, double fallback, double min, double max) {
    String value = optionalString(name);
    if (value == null) {
      return fallback;
    }
    double parsed;
    try {
      parsed = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number: " + value, e);
    }
    if (!(parsed >= min && parsed <= max)) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ": " + value);
    }
    return parsed;
  }

  /** A duration given in (possibly fractional) seconds, as the specification's variables are. */
  Duration seconds(String name, double fallback, double min, double max) {
    return Duration.ofNanos((long) (number(name, fallback, min, max) * 1e9));
  }

  boolean bool(String name, boolean fallback) {
    String value = optionalString(name);
    if (value == null) {
      return fallback;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true":
      case "1":
      case "yes":
      case "on":
        return true;
      case "false":
      case "0":
      case "no":
      case "off":
        return false;
      default:
        throw new IllegalArgumentException(name + " must be true or false: " + value);
    }
  }
}
