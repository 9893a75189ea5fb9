package dev.redlens.service.internal.redis;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What is written to {@code System.err} (where slf4j-simple logs, looking the stream up at each
 * line) while it is open, passed on to the stream it replaced, so that surefire's report keeps it.
 */
final class StandardError implements AutoCloseable {

  private final PrintStream original;
  private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

  private StandardError(PrintStream original) {
    this.original = original;
  }

  static StandardError capture() {
    StandardError capture = new StandardError(System.err);
    OutputStream tee =
        new OutputStream() {
          @Override
          public void write(int b) {
            synchronized (capture.copy) {
              capture.copy.write(b);
            }
            capture.original.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            synchronized (capture.copy) {
              capture.copy.write(b, off, len);
            }
            capture.original.write(b, off, len);
          }
        };
    System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    return capture;
  }

  /** Everything written so far. */
  String text() {
    synchronized (copy) {
      return copy.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    System.setErr(original);
  }
}
