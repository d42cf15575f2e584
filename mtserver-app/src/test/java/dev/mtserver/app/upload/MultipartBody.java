package dev.mtserver.app.upload;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;

/** Builds {@code multipart/form-data} bodies byte by byte, as a browser would send them. */
final class MultipartBody {

  final String boundary;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  MultipartBody(String boundary) {
    this.boundary = boundary;
  }

  MultipartBody() {
    this("----MTServerTestBoundary7MA4YWxkTrZu0gW");
  }

  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  MultipartBody file(String field, String fileName, byte[] content) {
    out.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\""
                + field
                + "\"; filename=\""
                + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(UTF_8));
    out.writeBytes(content);
    out.writeBytes("\r\n".getBytes(UTF_8));
    return this;
  }

  MultipartBody field(String name, String value) {
    out.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\""
                + name
                + "\"\r\n\r\n"
                + value
                + "\r\n")
            .getBytes(UTF_8));
    return this;
  }

  MultipartBody raw(String text) {
    out.writeBytes(text.getBytes(UTF_8));
    return this;
  }

  /** The body so far, without the close delimiter. */
  byte[] open() {
    return out.toByteArray();
  }

  /** The body with its close delimiter. */
  byte[] close() {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(out.toByteArray());
    all.writeBytes(("--" + boundary + "--\r\n").getBytes(UTF_8));
    return all.toByteArray();
  }
}
