package dev.mtserver.http.codec;

import com.google.common.collect.ImmutableMap;

/** Reason phrases for the status codes this server sends (RFC 9110 §15). */
public final class StatusCodes {

  private static final ImmutableMap<Integer, String> REASONS =
      ImmutableMap.<Integer, String>builder()
          .put(100, "Continue")
          .put(200, "OK")
          .put(201, "Created")
          .put(204, "No Content")
          .put(206, "Partial Content")
          .put(301, "Moved Permanently")
          .put(302, "Found")
          .put(303, "See Other")
          .put(304, "Not Modified")
          .put(307, "Temporary Redirect")
          .put(308, "Permanent Redirect")
          .put(400, "Bad Request")
          .put(403, "Forbidden")
          .put(404, "Not Found")
          .put(405, "Method Not Allowed")
          .put(406, "Not Acceptable")
          .put(408, "Request Timeout")
          .put(409, "Conflict")
          .put(410, "Gone")
          .put(411, "Length Required")
          .put(412, "Precondition Failed")
          .put(413, "Content Too Large")
          .put(414, "URI Too Long")
          .put(415, "Unsupported Media Type")
          .put(416, "Range Not Satisfiable")
          .put(417, "Expectation Failed")
          .put(418, "I'm a teapot")
          .put(422, "Unprocessable Content")
          .put(423, "Locked")
          .put(429, "Too Many Requests")
          .put(431, "Request Header Fields Too Large")
          // tus 1.0.0 checksum extension: the chunk does not have the digest the client sent
          .put(460, "Checksum Mismatch")
          .put(500, "Internal Server Error")
          .put(501, "Not Implemented")
          .put(502, "Bad Gateway")
          .put(503, "Service Unavailable")
          .put(504, "Gateway Timeout")
          .put(505, "HTTP Version Not Supported")
          .put(507, "Insufficient Storage")
          .buildOrThrow();

  private StatusCodes() {}

  /** The reason phrase, or an empty string for codes without one here (allowed by RFC 9112). */
  public static String reason(int status) {
    return REASONS.getOrDefault(status, "");
  }
}
