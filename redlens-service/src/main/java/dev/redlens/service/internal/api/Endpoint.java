package dev.redlens.service.internal.api;

import java.util.Set;
import java.util.UUID;

/** What the HTTP layer needs to know of an endpoint; one small class implements each. */
final class Endpoint {

  private Endpoint() {}

  /**
   * An endpoint that generates load: its JSON body is read and validated completely before it may
   * take one of the few load permits, so that a slow or broken upload never holds one.
   *
   * @param <I> the validated input
   */
  interface Load<I> {
    /** The body's allowed fields. */
    Set<String> fields();

    /** Reads and validates the body (throws {@link BadRequest}). */
    I parse(JsonBody body);

    /** The project the request runs under. */
    UUID project(I input);

    /** Runs the load and returns the response record. */
    Object run(I input, Exchange exchange);
  }

  /** An endpoint answered from its query parameters alone. */
  interface Query {
    /** The query parameters it takes (any other is refused). */
    Set<String> parameters();

    /** Answers the response record. */
    Object handle(QueryParameters query, Exchange exchange);
  }
}
