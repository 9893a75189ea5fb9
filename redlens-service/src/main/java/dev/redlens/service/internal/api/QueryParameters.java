package dev.redlens.service.internal.api;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The query string of a request, decoded strictly from its raw form: malformed percent-encoding
 * ({@code %zz}, a lone {@code %}), bytes that are not UTF-8, control characters, unknown or
 * repeated parameters are refused with a 400 naming the parameter, rather than silently dropped
 * (which would turn {@code project_id=%%%} into "project_id is required").
 */
final class QueryParameters {

  private static final int MAX_PARAMETERS = 16;

  private final Map<String, String> values;

  private QueryParameters(Map<String, String> values) {
    this.values = values;
  }

  /** Parses {@code rawQuery} (may be null), allowing only {@code allowed}. */
  static QueryParameters parse(String rawQuery, Set<String> allowed) {
    Map<String, String> values = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return new QueryParameters(values);
    }
    String[] pairs = rawQuery.split("&", -1);
    if (pairs.length > MAX_PARAMETERS) {
      throw new BadRequest("query", "too many query parameters (at most " + MAX_PARAMETERS + ")");
    }
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      String rawName = eq < 0 ? pair : pair.substring(0, eq);
      String name = decode("query", rawName);
      String value = decode(name.isEmpty() ? "query" : name, eq < 0 ? "" : pair.substring(eq + 1));
      if (name.isEmpty()) {
        throw new BadRequest("query", "a query parameter has no name");
      }
      if (!allowed.contains(name)) {
        throw new BadRequest(
            name,
            "unknown query parameter '"
                + JsonBody.abbreviate(name)
                + "'"
                + (allowed.isEmpty()
                    ? "; this endpoint takes none"
                    : "; allowed: " + String.join(", ", allowed)));
      }
      if (values.put(name, value) != null) {
        throw new BadRequest(name, "query parameter '" + name + "' is given more than once");
      }
    }
    return new QueryParameters(values);
  }

  /** Percent-decodes strictly ({@code +} is a space, as in forms). */
  static String decode(String field, String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          throw malformed(field);
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw malformed(field);
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else if (c == '+') {
        bytes.write(' ');
      } else if (c < 0x20 || c == 0x7f || c > 0x7e) {
        throw new BadRequest(field, "the query contains a character that must be percent-encoded");
      } else {
        bytes.write(c);
      }
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.toByteArray()))
              .toString();
    } catch (CharacterCodingException e) {
      throw new BadRequest(field, "query parameter '" + field + "' is not valid UTF-8");
    }
    for (int i = 0; i < text.length(); i++) {
      if (Character.isISOControl(text.charAt(i))) {
        throw new BadRequest(field, "query parameter '" + field + "' contains a control character");
      }
    }
    return text;
  }

  private static BadRequest malformed(String field) {
    return new BadRequest(
        field,
        "query parameter '"
            + field
            + "' is not validly percent-encoded (a % must be followed by two hexadecimal digits)");
  }

  /** The optional {@code project_id}, or null when it is absent. */
  UUID optionalProject() {
    String value = values.get("project_id");
    return value == null ? null : JsonBody.uuid("project_id", value);
  }

  /** The required {@code project_id}. */
  UUID requiredProject() {
    String value = values.get("project_id");
    if (value == null || value.isEmpty()) {
      throw new BadRequest("project_id", "query parameter 'project_id' (a UUID) is required");
    }
    return JsonBody.uuid("project_id", value);
  }
}
