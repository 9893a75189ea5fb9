package dev.redlens.service;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One persistent HTTP/1.1 connection (keep-alive) with blocking reads and writes on the calling
 * thread, for a test that sends a great many small requests from a few threads. {@code
 * java.net.http}'s client hands each exchange between the calling thread, its selector thread and
 * its executor: measured in {@code CardinalityBudgetTest}, that cost the test's clients about as
 * much CPU as the service spent answering. The requests and answers are ordinary HTTP/1.1; nothing
 * is sent again after a failure (a load request is not idempotent): the failure is thrown.
 */
final class KeepAliveHttp implements AutoCloseable {

  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  KeepAliveHttp(int port) {
    this.port = port;
  }

  /** POSTs {@code json} to {@code target} on the connection (opened first if need be). */
  ServiceUnderTest.Answer post(String target, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST "
            + target
            + " HTTP/1.1\r\nHost: 127.0.0.1:"
            + port
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length
            + "\r\n\r\n";
    try {
      if (socket == null) {
        connect();
      }
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      return answer();
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    }
  }

  private void connect() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(60_000);
    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    out = socket.getOutputStream();
  }

  private ServiceUnderTest.Answer answer() throws IOException {
    String status = line();
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP answer: " + status);
    }
    int length = -1;
    boolean chunked = false;
    boolean closing = false;
    String contentType = "";
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Integer.parseInt(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> closing = value.equalsIgnoreCase("close");
        case "content-type" -> contentType = value;
        default -> {}
      }
    }
    byte[] body;
    if (chunked) {
      body = chunks();
    } else if (length >= 0) {
      body = in.readNBytes(length);
      if (body.length < length) {
        throw new EOFException("the answer's body ended early");
      }
    } else {
      body = in.readAllBytes(); // delimited by the end of the connection
      closing = true;
    }
    if (closing) {
      close();
    }
    return new ServiceUnderTest.Answer(
        Integer.parseInt(parts[1]), contentType, new String(body, StandardCharsets.UTF_8));
  }

  private byte[] chunks() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int size = chunkSize(); size > 0; size = chunkSize()) {
      byte[] chunk = in.readNBytes(size);
      if (chunk.length < size) {
        throw new EOFException("a chunk ended early");
      }
      body.write(chunk);
      line(); // the CRLF after the chunk
    }
    for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
      // trailers: none expected, skipped
    }
    return body.toByteArray();
  }

  private int chunkSize() throws IOException {
    String size = line();
    int semicolon = size.indexOf(';');
    return Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
  }

  /** One line of the head, without its CRLF. */
  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("the connection ended in an answer's head");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing: nothing left to do
      }
      socket = null;
    }
  }
}
