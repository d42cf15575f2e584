package dev.mtserver.http.site.access;

import com.google.common.collect.ImmutableSet;
import com.google.common.net.InetAddresses;
import dev.mtserver.domain.access.AccessAttempt;
import dev.mtserver.domain.access.AccessDecision;
import dev.mtserver.domain.access.AuthorizeRequestUseCase;
import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.codec.auth.BasicCredentials;
import dev.mtserver.http.engine.ErrorResponses;
import dev.mtserver.http.engine.HttpHandler;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.engine.ResponseBody;
import dev.mtserver.http.site.StoreFailures;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Stands in front of the whole site (the router and the admin endpoints) and maps the domain's
 * access decision ({@link AuthorizeRequestUseCase}) to HTTP, from the request head alone: the body
 * is never read here, so a refused upload costs the server no body byte and no {@code 100 Continue}
 * is sent.
 *
 * <ul>
 *   <li>Allowed: the request goes on, with the user recorded for the access log.
 *   <li>Credentials required: {@code 401} with {@code WWW-Authenticate: Basic realm="…",
 *       charset="UTF-8"} (RFC 7617) and a short page saying what to do.
 *   <li>Throttled: {@code 429} with {@code Retry-After} in whole seconds.
 *   <li>The identity store cannot answer: {@code 503} with {@code Retry-After}.
 * </ul>
 *
 * <p>A refusal of a request with a body that may be large (chunked, or more than {@link
 * #DRAIN_BYTES}) says {@code Connection: close}: the engine then does not drain it but closes with
 * a lingering close, so the client reads the answer instead of meeting a reset, and the server
 * reads at most what the linger takes in. A small body is drained, so a browser can repeat the
 * request on the same connection with credentials.
 *
 * <p>Safe methods (GET, HEAD, OPTIONS, TRACE) are reads; every other method, known or not, may
 * change state. A CORS preflight never gets here: {@link CorsHandler} answers it in front.
 */
public final class AccessGuard implements HttpHandler {

  /** A refused body larger than this, or of unknown length, closes the connection. */
  public static final long DRAIN_BYTES = 64 * 1024;

  private static final ImmutableSet<String> SAFE_METHODS =
      ImmutableSet.of("GET", "HEAD", "OPTIONS", "TRACE");

  private final AuthorizeRequestUseCase access;
  private final HttpHandler next;
  private final String challenge;

  /**
   * @param realm the protection space's name shown by browsers ({@code --auth-realm}); printable
   *     ASCII without {@code "} or {@code \}
   */
  public AccessGuard(AuthorizeRequestUseCase access, HttpHandler next, String realm) {
    this.access = Objects.requireNonNull(access, "access");
    this.next = Objects.requireNonNull(next, "next");
    if (!realm.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\')) {
      throw new IllegalArgumentException("the realm must be printable ASCII without \" or \\");
    }
    this.challenge = "Basic realm=\"" + realm + "\", charset=\"UTF-8\"";
  }

  @Override
  public HttpResponse handle(HttpRequest request) throws IOException {
    Optional<AccessAttempt.Credentials> credentials = credentials(request);
    AccessDecision decision;
    try {
      decision =
          access.decide(
              new AccessAttempt(
                  SAFE_METHODS.contains(request.method()),
                  request.path(),
                  client(request.remoteAddress()),
                  credentials));
    } catch (StoreUnavailableException e) {
      return refused(request, StoreFailures.unavailableForWrite());
    }
    return switch (decision) {
      case AccessDecision.Allowed allowed -> {
        allowed.user().ifPresent(request::authenticatedAs);
        yield next.handle(request);
      }
      case AccessDecision.CredentialsRequired required -> refused(request, unauthorized());
      case AccessDecision.Throttled throttled -> refused(request, tooMany(throttled));
    };
  }

  /** The Basic credentials of the one {@code Authorization} field, if it holds readable ones. */
  private static Optional<AccessAttempt.Credentials> credentials(HttpRequest request) {
    List<String> fields = request.headers().all("Authorization");
    if (fields.size() != 1) {
      return Optional.empty(); // none, or an ambiguous pair: ask again
    }
    if (BasicCredentials.parse(fields.get(0).strip())
        instanceof BasicCredentials.Credentials(String user, char[] password)) {
      return Optional.of(new AccessAttempt.Credentials(user, password));
    }
    return Optional.empty();
  }

  /** The peer's IP address, the key failures are counted under. */
  private static String client(InetSocketAddress address) {
    if (address == null || address.getAddress() == null) {
      return "-";
    }
    return InetAddresses.toAddrString(address.getAddress());
  }

  private HttpResponse unauthorized() {
    HttpResponse response =
        new HttpResponse(401, new HttpFields(), new ResponseBody.Bytes(UNAUTHORIZED_PAGE.clone()));
    response.headers().set("Content-Type", "text/html; charset=utf-8");
    response.headers().set("WWW-Authenticate", challenge);
    response.headers().set("Cache-Control", "no-store");
    return response;
  }

  private static HttpResponse tooMany(AccessDecision.Throttled throttled) {
    long seconds = Math.max(1, (throttled.retryAfter().toMillis() + 999) / 1000);
    HttpResponse response =
        ErrorResponses.of(429, "Too many wrong passwords from this address; try again later");
    response.headers().set("Retry-After", Long.toString(seconds));
    return response;
  }

  /** Closes after a refusal when the body that follows may be large. */
  private static HttpResponse refused(HttpRequest request, HttpResponse response) {
    OptionalLong length = request.contentLength();
    if (length.isEmpty() || length.getAsLong() > DRAIN_BYTES) {
      response.headers().set("Connection", "close");
    }
    return response;
  }

  private static final byte[] UNAUTHORIZED_PAGE =
      """
      <!doctype html>
      <html lang="en"><head><meta charset="utf-8"><title>Sign-in required</title>
      <link rel="stylesheet" href="/style.css"></head>
      <body><main><h1>Sign-in required</h1>
      <p>This server takes uploads and other changes only from its users. Sign in with your
      user name and password when your browser asks, or ask the site's owner for an account.</p>
      <p><a href="/">Back to the home page</a></p></main></body></html>
      """
          .getBytes(StandardCharsets.UTF_8);
}
