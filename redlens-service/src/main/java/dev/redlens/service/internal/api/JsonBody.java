package dev.redlens.service.internal.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A request body read strictly: it must be one JSON object with known fields only, each of the
 * right JSON type (no coercion of {@code "100"} to 100) and in range; every refusal names the
 * field.
 */
public final class JsonBody {

  /** A UUID in its canonical 8-4-4-4-12 hexadecimal form. */
  static final Pattern UUID_PATTERN =
      Pattern.compile(
          "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

  private final ObjectNode node;

  private JsonBody(ObjectNode node) {
    this.node = node;
  }

  /** Parses {@code body}, allowing only {@code allowedFields}. */
  public static JsonBody parse(String contentType, String body, Set<String> allowedFields) {
    if (contentType != null
        && !contentType.isBlank()
        && !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new BadRequest(
          "Content-Type",
          "the body must be JSON (Content-Type: application/json), got " + contentType);
    }
    if (body == null || body.isBlank()) {
      throw new BadRequest("body", "a JSON object body is required");
    }
    JsonNode parsed;
    try {
      parsed = Json.MAPPER.readTree(body);
    } catch (StreamConstraintsException e) {
      throw new BadRequest("body", "the JSON body exceeds a limit: " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new BadRequest("body", "malformed JSON" + where + ": " + e.getOriginalMessage());
    }
    if (parsed == null || !parsed.isObject()) {
      throw new BadRequest("body", "the body must be a JSON object, got " + describe(parsed));
    }
    ObjectNode object = (ObjectNode) parsed;
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowedFields.contains(name)) {
        throw new BadRequest(
            name, "unknown field '" + name + "'; allowed: " + String.join(", ", allowedFields));
      }
    }
    return new JsonBody(object);
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) return "nothing";
    if (node.isNull()) return "null";
    if (node.isArray()) return "an array";
    if (node.isTextual()) return "a string";
    if (node.isBoolean()) return "a boolean";
    if (node.isNumber()) return "a number";
    return node.getNodeType().toString().toLowerCase(Locale.ROOT);
  }

  private JsonNode field(String name, boolean required) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      if (required) {
        throw new BadRequest(name, "'" + name + "' is required");
      }
      return null;
    }
    return value;
  }

  /** A string field matching {@code pattern} (described by {@code rule} in the error). */
  public String string(String name, String fallback, Pattern pattern, String rule) {
    JsonNode value = field(name, fallback == null);
    if (value == null) {
      return fallback;
    }
    if (!value.isTextual()) {
      throw new BadRequest(name, "'" + name + "' must be a string, got " + describe(value));
    }
    String text = value.textValue();
    if (!pattern.matcher(text).matches()) {
      throw new BadRequest(name, "'" + name + "' " + rule);
    }
    return text;
  }

  /**
   * A string field that must be one of {@code allowed} (compared without case); returns it
   * upper-cased.
   */
  public String choice(String name, String fallback, Set<String> allowed) {
    JsonNode value = field(name, fallback == null);
    if (value == null) {
      return fallback;
    }
    if (!value.isTextual()) {
      throw new BadRequest(name, "'" + name + "' must be a string, got " + describe(value));
    }
    String upper = value.textValue().trim().toUpperCase(Locale.ROOT);
    if (!allowed.contains(upper)) {
      throw new BadRequest(
          name,
          "unsupported "
              + name
              + " '"
              + abbreviate(value.textValue())
              + "'; supported: "
              + String.join(", ", new java.util.TreeSet<>(allowed)));
    }
    return upper;
  }

  /** An integer field in {@code [min, max]}. */
  public int integer(String name, Integer fallback, int min, int max) {
    JsonNode value = field(name, fallback == null);
    if (value == null) {
      return fallback;
    }
    if (!value.isIntegralNumber()) {
      throw new BadRequest(
          name,
          "'"
              + name
              + "' must be an integer, got "
              + describe(value)
              + (value.isNumber() ? " " + value.asText() : ""));
    }
    if (!value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
      throw new BadRequest(
          name,
          "'"
              + name
              + "' must be between "
              + min
              + " and "
              + max
              + ", got "
              + abbreviate(value.asText()));
    }
    return value.intValue();
  }

  /** A number field in {@code [min, max]}. */
  public double number(String name, Double fallback, double min, double max) {
    JsonNode value = field(name, fallback == null);
    if (value == null) {
      return fallback;
    }
    if (!value.isNumber()) {
      throw new BadRequest(name, "'" + name + "' must be a number, got " + describe(value));
    }
    double d = value.doubleValue();
    if (!(d >= min && d <= max)) {
      throw new BadRequest(
          name,
          "'"
              + name
              + "' must be between "
              + min
              + " and "
              + max
              + ", got "
              + abbreviate(value.asText()));
    }
    return d;
  }

  /** The required {@code project_id}: a UUID string. */
  public UUID projectId() {
    JsonNode value = field("project_id", true);
    if (!value.isTextual()) {
      throw new BadRequest(
          "project_id", "'project_id' must be a UUID string, got " + describe(value));
    }
    return uuid("project_id", value.textValue());
  }

  static UUID uuid(String field, String text) {
    if (!UUID_PATTERN.matcher(text).matches()) {
      throw new BadRequest(
          field,
          "'"
              + field
              + "' must be a UUID (8-4-4-4-12 hexadecimal digits), got '"
              + abbreviate(text)
              + "'");
    }
    return UUID.fromString(text.toLowerCase(Locale.ROOT));
  }

  static String abbreviate(String text) {
    String clean = text.replaceAll("\\p{Cntrl}", "?");
    return clean.length() <= 40 ? clean : clean.substring(0, 40) + "…";
  }
}
