package dev.mtserver.http.engine;

import dev.mtserver.http.codec.HttpLimits;
import dev.mtserver.http.testing.RawResponse;
import dev.mtserver.http.testing.ScriptedConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs {@link Http1ConnectionHandler} over a {@link ScriptedConnection}; handlers for tests. */
final class Loop {

  private Loop() {}

  /** Answers "METHOD path body=..." after reading the whole body. */
  static final HttpHandler ECHO =
      request -> {
        String body = new String(request.body().readAllBytes(), StandardCharsets.ISO_8859_1);
        return HttpResponse.text(200, request.method() + " " + request.path() + " body=" + body);
      };

  /** Answers "METHOD path" without touching the body. */
  static final HttpHandler IGNORE_BODY =
      request -> HttpResponse.text(200, request.method() + " " + request.path());

  static List<RawResponse> serve(HttpHandler handler, ScriptedConnection connection) {
    return serve(handler, HttpLimits.defaults(), connection);
  }

  static List<RawResponse> serve(
      HttpHandler handler, HttpLimits limits, ScriptedConnection connection) {
    run(handler, limits, connection);
    return RawResponse.parseAll(connection.outputBytes());
  }

  /** Serves the connection and leaves its output unparsed, for output a client could not parse. */
  static void run(HttpHandler handler, HttpLimits limits, ScriptedConnection connection) {
    try {
      new Http1ConnectionHandler(handler, limits, "MTServer/test").serve(connection);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n";
  }

  static String post(String path, String body) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: a\r\nContent-Length: "
        + body.length()
        + "\r\n\r\n"
        + body;
  }
}
