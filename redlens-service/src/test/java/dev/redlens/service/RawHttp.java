package dev.redlens.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * HTTP over a plain socket, for requests no HTTP client would send (malformed framing, illegal
 * characters, oversized headers) and for uploads that stall or stop half-way.
 */
final class RawHttp {

  private RawHttp() {}

  /** An answer as read from the wire (status 0 when the server closed without answering). */
  record Answer(int status, String headers, String body) {
    String contentType() {
      for (String line : headers.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-type")) {
          return line.substring(colon + 1).trim();
        }
      }
      return "";
    }

    String header(String name) {
      for (String line : headers.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  /** Sends {@code request} as is and reads the answer until the server closes or 15 s pass. */
  static Answer exchange(int port, byte[] request) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      return read(socket.getInputStream());
    } catch (IOException e) {
      return new Answer(0, "", "no answer: " + e);
    }
  }

  static Answer exchange(int port, String request) {
    return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** A complete request with {@code Connection: close} and, with a body, its Content-Length. */
  static String request(String method, String target, String body, String... headers) {
    StringBuilder r = new StringBuilder();
    r.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    r.append("Connection: close\r\n");
    for (String header : headers) {
      r.append(header).append("\r\n");
    }
    if (body != null) {
      r.append("Content-Length: ")
          .append(body.getBytes(StandardCharsets.UTF_8).length)
          .append("\r\n");
    }
    r.append("\r\n");
    String head = r.toString();
    return body == null
        ? head
        : head + new String(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        all.write(buffer, 0, n);
        if (complete(all.toString(StandardCharsets.ISO_8859_1))) {
          break;
        }
      }
    } catch (SocketTimeoutException | java.net.SocketException e) {
      // whatever arrived is the answer
    }
    String text = all.toString(StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/") || end < 0) {
      return new Answer(0, "", text);
    }
    String head = text.substring(0, end);
    String[] status = head.split(" ", 3);
    String body = text.substring(end + 4);
    if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
      body = unchunk(body);
    }
    return new Answer(
        Integer.parseInt(status[1]),
        head,
        new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
  }

  private static boolean complete(String text) {
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    String head = text.substring(0, end).toLowerCase(Locale.ROOT);
    for (String line : head.split("\r\n")) {
      if (line.startsWith("content-length:")) {
        int length = Integer.parseInt(line.substring(15).trim());
        return text.length() - end - 4 >= length;
      }
    }
    return head.contains("transfer-encoding: chunked") && text.endsWith("0\r\n\r\n");
  }

  private static String unchunk(String body) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < body.length()) {
      int eol = body.indexOf("\r\n", i);
      if (eol < 0) break;
      int size = Integer.parseInt(body.substring(i, eol).trim(), 16);
      if (size == 0) break;
      out.append(body, eol + 2, Math.min(body.length(), eol + 2 + size));
      i = eol + 2 + size + 2;
    }
    return out.toString();
  }
}
