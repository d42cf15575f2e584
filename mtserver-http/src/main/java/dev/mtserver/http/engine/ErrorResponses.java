package dev.mtserver.http.engine;

import dev.mtserver.http.codec.StatusCodes;

/**
 * The short bodies sent with error statuses: the status line's words and a fixed reason, never
 * client input, paths or exception text.
 */
public final class ErrorResponses {

  private ErrorResponses() {}

  /** A plain-text error response, such as {@code 404 Not Found}. */
  public static HttpResponse of(int status, String safeReason) {
    String phrase = StatusCodes.reason(status);
    String text =
        safeReason == null || safeReason.equals(phrase)
            ? status + " " + phrase + "\n"
            : status + " " + phrase + ": " + safeReason + "\n";
    return HttpResponse.text(status, text);
  }

  public static HttpResponse of(int status) {
    return of(status, null);
  }
}
