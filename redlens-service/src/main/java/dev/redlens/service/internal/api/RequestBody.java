package dev.redlens.service.internal.api;

import dev.redlens.service.internal.redis.RedisFailures;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;

/**
 * Reads a request's body, bounded in size ({@link #MAX_BYTES}) and, through the HTTP server's idle
 * timeout, in time. A body that cannot be read (cut short, malformed chunking, too slow) is the
 * client's fault: a {@link ClientFault}, never a 500.
 */
final class RequestBody {

  static final int MAX_BYTES = 64 * 1024;

  private RequestBody() {}

  /** A request whose body the client did not deliver properly (answered 400 or 408). */
  static final class ClientFault extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    ClientFault(int status, String message, Throwable cause) {
      super(message, cause);
      this.status = status;
    }

    int status() {
      return status;
    }
  }

  /** A body over {@link #MAX_BYTES}: 413. */
  static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("the body must not exceed " + MAX_BYTES + " bytes");
    }
  }

  /** The body as text (empty when there is none). */
  static String read(Context ctx) {
    String encoding = ctx.header("Content-Encoding");
    if (encoding != null && !encoding.trim().equalsIgnoreCase("identity")) {
      throw new BadRequest(
          "Content-Encoding",
          "compressed bodies are not accepted (Content-Encoding: "
              + JsonBody.abbreviate(encoding)
              + "); send plain JSON");
    }
    String length = ctx.header("Content-Length");
    if (length != null) {
      long declared;
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        throw new BadRequest("Content-Length", "Content-Length must be a number of bytes");
      }
      if (declared > MAX_BYTES) {
        throw new TooLarge();
      }
    }
    byte[] bytes;
    try (InputStream in = ctx.req().getInputStream()) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException | RuntimeException e) {
      if (RedisFailures.has(e, TimeoutException.class)) {
        throw new ClientFault(408, "the request body did not arrive in time", e);
      }
      throw new ClientFault(
          400, "the request body could not be read completely (cut short or malformed)", e);
    }
    if (bytes.length > MAX_BYTES) {
      throw new TooLarge();
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new BadRequest("body", "the body is not valid UTF-8 text");
    }
  }
}
