package dev.redlens.service.internal.api;

/** Input the API refuses: HTTP 400 with a JSON body naming {@link #field()}. */
public final class BadRequest extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public BadRequest(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
