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
        && !contentType.split(";", 2)[0].trim().equalsIgnoreCase("application/json")) {
      throw new BadRequest(
          "Content-Type",
          "the body must be JSON (Content-Type: application/json), got " + abbreviate(contentType));
    }
    if (body == null || body.isBlank()) {
      throw new BadRequest("body", "a JSON object body is required");
    }
    JsonNode parsed;
    try {
      parsed = Json.MAPPER.readTree(body);
    } catch (StreamConstraintsException e) {
      throw new BadRequest(
          "body",
          "the JSON body is nested too deeply or has a string or number that is too long"
              + " (limits: nesting 16, strings 16,384 characters, numbers 64 digits)");
    } catch (JsonProcessingException e) {
      throw new BadRequest("body", malformed(e));
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

  /** What is wrong with a body that is not JSON, in the service's words (not the parser's). */
  private static String malformed(JsonProcessingException e) {
    String where =
        e.getLocation() == null
            ? ""
            : " (line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr()
                + ")";
    String original = String.valueOf(e.getOriginalMessage());
    if (original.startsWith("Duplicate field")) {
      return "a field appears more than once" + where;
    }
    if (original.contains("end-of-input")) {
      return "the JSON body ends before it is complete" + where;
    }
    if (original.contains("NaN")
        || original.contains("Infinity")
        || original.contains("NON_NUMERIC")) {
      return "the JSON body contains a number JSON does not allow (NaN or Infinity)" + where;
    }
    if (original.contains("Trailing token") || original.contains("trailing")) {
      return "the body has more after its JSON object" + where;
    }
    return "the body is not valid JSON" + where;
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
    if (value == null) {
      if (required) {
        throw new BadRequest(name, "'" + name + "' is required");
      }
      return null;
    }
    if (value.isNull()) {
      // null is not "absent": a client that sends null meant something, and a default would hide it
      throw new BadRequest(
          name,
          required
              ? "'" + name + "' is required and must not be null"
              : "'" + name + "' must not be null; leave it out to use the default");
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
    // no trim: "SET\u0000" or " SET" is not SET (trim() would remove the NUL)
    String upper = value.textValue().toUpperCase(Locale.ROOT);
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
