package dev.redlens.service.internal.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error answer: a stable code, the offending field or header when there is one,
 * and a message in the service's own words.
 */
record ApiError(
    String error, @JsonInclude(JsonInclude.Include.NON_NULL) String field, String message) {

  static ApiError of(String error, String message) {
    return new ApiError(error, null, message);
  }

  /** The code and message for an HTTP status the service itself did not choose (Jetty's). */
  static ApiError forStatus(int status) {
    switch (status) {
      case 400:
        return of("bad_request", "the request is not well-formed HTTP/1.1");
      case 404:
        return of("not_found", "no such endpoint");
      case 405:
        return of("method_not_allowed", "this method is not allowed here");
      case 408:
        return of("request_timeout", "the request did not arrive in time");
      case 411:
        return of("length_required", "a body needs a Content-Length or chunked encoding");
      case 413:
        return of("payload_too_large", "the request is too large");
      case 414:
        return of("uri_too_long", "the request path and query are too long");
      case 415:
        return of("unsupported_media_type", "the body's media type is not supported");
      case 417:
        return of("expectation_failed", "the Expect header is not supported");
      case 431:
        return of("headers_too_large", "the request headers are too large");
      case 501:
        return of("not_implemented", "this method or transfer encoding is not supported");
      case 505:
        return of("http_version_not_supported", "only HTTP/1.0 and HTTP/1.1 are supported");
      default:
        return status >= 500
            ? of("server_error", "the service could not handle the request")
            : of("http_error", "the request could not be handled (HTTP " + status + ")");
    }
  }

  /**
   * A more precise message for a 400 of the HTTP parser, from its reason: the reason itself names
   * parser internals, so only the kind of problem is taken from it.
   */
  static ApiError forBadMessage(int status, String reason) {
    String r = reason == null ? "" : reason.toLowerCase(java.util.Locale.ROOT);
    if (status == 400) {
      if (r.contains("content-length") || r.contains("transfer-encoding")) {
        return of(
            "bad_request",
            "the body's length is malformed, repeated, or given both as Content-Length and as"
                + " chunked Transfer-Encoding");
      }
      if (r.contains("uri") || r.contains("path") || r.contains("query") || r.contains("char")) {
        return of(
            "bad_request",
            "the request path or query contains characters or encodings that are not allowed");
      }
      if (r.contains("header") || r.contains("host")) {
        return of("bad_request", "a request header is malformed");
      }
      if (r.contains("chunk")) {
        return of("bad_request", "the chunked body is malformed");
      }
    }
    return forStatus(status);
  }
}
