package dev.mtserver.dynamic.cgi;

/** The script's output did not start with a valid CGI header block; answered with 502. */
final class MalformedCgiHeadException extends Exception {
  private static final long serialVersionUID = 1L;

  MalformedCgiHeadException(String reason) {
    super(reason, null, false, false);
  }
}
