package dev.redlens.service.internal.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's errors (those raised before a request reaches the API: a URI or headers too long, a
 * malformed Content-Length, an illegal character in the path, an unsupported HTTP version) as the
 * JSON error body of every other answer, instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {

  private static final String JSON = "application/json";

  JsonErrorHandler() {
    setShowStacks(false);
    setShowCauses(false);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, JSON);
    return ByteBuffer.wrap(bytes(ApiError.forBadMessage(status, reason)));
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
    response.write(true, ByteBuffer.wrap(bytes(ApiError.forBadMessage(code, message))), callback);
  }

  private static byte[] bytes(ApiError error) {
    return Json.write(error).getBytes(StandardCharsets.UTF_8);
  }
}
