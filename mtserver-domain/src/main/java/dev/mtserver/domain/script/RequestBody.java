package dev.mtserver.domain.script;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.InputStream;
import java.util.Objects;

/**
 * The request body a script reads: already de-framed (a chunked body arrives decoded), read once.
 *
 * @param length the length the client declared, or -1 when it is only known at the end (chunked)
 * @param content the bytes; reading it may throw the client's I/O failures, which the caller must
 *     see unchanged
 */
public record RequestBody(long length, InputStream content) {

  private static final RequestBody NONE = new RequestBody(0, InputStream.nullInputStream());

  public RequestBody {
    checkArgument(length >= -1, "length must be -1 (unknown) or more");
    Objects.requireNonNull(content, "content");
  }

  /** No body at all (a GET). */
  public static RequestBody none() {
    return NONE;
  }

  /** True when the request carries no body. */
  public boolean isEmpty() {
    return length == 0;
  }
}
