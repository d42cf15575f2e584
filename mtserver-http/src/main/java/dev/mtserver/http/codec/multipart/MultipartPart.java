package dev.mtserver.http.codec.multipart;

import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.codec.MalformedBodyException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * One part of a {@code multipart/form-data} body: its headers, the field name and file name from
 * its {@code Content-Disposition}, and its content as a stream.
 *
 * <p>The body streams straight from the request; it is valid only until the reader moves to the
 * next part, and is never held in memory as a whole.
 */
public final class MultipartPart {

  private final HttpFields headers;
  private final ContentDisposition disposition;
  private final String name;
  private final InputStream body;

  MultipartPart(HttpFields headers, ContentDisposition disposition, String name, InputStream body) {
    this.headers = headers;
    this.disposition = disposition;
    this.name = Objects.requireNonNull(name);
    this.body = body;
  }

  /** The part's own header fields, such as {@code Content-Type}. */
  public HttpFields headers() {
    return headers;
  }

  public ContentDisposition disposition() {
    return disposition;
  }

  /** The form field name ({@code name} parameter). */
  public String name() {
    return name;
  }

  /**
   * The client's file name, present (possibly empty) exactly when the part is a file: {@code
   * filename*} if given and decodable, else {@code filename}. Not sanitised.
   */
  public Optional<String> fileName() {
    return disposition.fileName();
  }

  /** True for a file part, false for a plain text field. */
  public boolean isFile() {
    return fileName().isPresent();
  }

  /** The part's {@code Content-Type}, if it sent one. */
  public Optional<String> contentType() {
    return headers.first("Content-Type");
  }

  /**
   * The content. Reads end with -1 at the part's delimiter; a body that ends before the closing
   * delimiter throws {@link MalformedBodyException} (400).
   */
  public InputStream body() {
    return body;
  }
}
