package dev.mtserver.http.engine;

import com.google.common.base.Ascii;
import com.google.common.net.InetAddresses;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.http.codec.BodyFraming;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.codec.HttpVersion;
import dev.mtserver.http.codec.RequestHead;
import dev.mtserver.http.target.RequestTarget;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One request as handlers see it: the parsed head, the decoded target, the body as a stream and the
 * peer's address.
 *
 * <p>The body is read lazily: nothing is read (and no {@code 100 Continue} sent) until the handler
 * reads it. A handler that answers without reading it leaves the connection loop to drain it
 * (within {@link dev.mtserver.http.codec.HttpLimits#maxDrainBytes()}) or close the connection.
 *
 * <p>A request is valid while its handler runs: its header fields are a view of the connection's
 * reusable buffer and refuse to be read once the next request on the connection is parsed. Copy
 * what must outlive the exchange.
 */
public final class HttpRequest {

  /** Request fields that describe a body; a reissued request has none. */
  private static final Set<String> BODY_FIELDS =
      Set.of("content-length", "content-type", "transfer-encoding", "expect");

  private final RequestHead head;
  private final RequestTarget target;
  private final BodyFraming framing;
  private final InputStream body;
  private final InetSocketAddress remoteAddress;
  private final InetSocketAddress localAddress;
  private String user;

  public HttpRequest(
      RequestHead head,
      RequestTarget target,
      BodyFraming framing,
      InputStream body,
      InetSocketAddress remoteAddress,
      InetSocketAddress localAddress) {
    this.head = head;
    this.target = target;
    this.framing = framing;
    this.body = body;
    this.remoteAddress = remoteAddress;
    this.localAddress = localAddress;
  }

  public String method() {
    return head.method();
  }

  public SitePath path() {
    return target.path();
  }

  public RequestTarget target() {
    return target;
  }

  /** The raw query string without {@code ?}, still percent-encoded. */
  public Optional<String> rawQuery() {
    return target.rawQuery();
  }

  public HttpVersion version() {
    return head.version();
  }

  public HttpFields headers() {
    return head.fields();
  }

  /** The parsed head, for the loop; handlers read it through the accessors above. */
  RequestHead head() {
    return head;
  }

  /** True when the request carries a body (a Content-Length above zero, or chunked framing). */
  public boolean hasBody() {
    return !(framing instanceof BodyFraming.None);
  }

  /** The declared body length; empty for chunked bodies, whose length is unknown up front. */
  public OptionalLong contentLength() {
    return switch (framing) {
      case BodyFraming.None none -> OptionalLong.of(0);
      case BodyFraming.Fixed fixed -> OptionalLong.of(fixed.length());
      case BodyFraming.Chunked chunked -> OptionalLong.empty();
    };
  }

  /**
   * The body, de-framed (chunked bodies are decoded, trailers dropped). The first read sends {@code
   * 100 Continue} when an HTTP/1.1 client asked for it. Ends with -1; throws {@link
   * dev.mtserver.http.codec.IncompleteBodyException} if the client stops short of what it
   * announced, {@link dev.mtserver.http.codec.MalformedBodyException} if the chunked framing is
   * broken, and {@link java.net.SocketTimeoutException} when the client stalls. A handler may let
   * any of these propagate: the loop answers (408, or the body's status) or just closes, and never
   * turns them into a 500. Closing the stream does not close the connection.
   */
  public InputStream body() {
    return body;
  }

  /**
   * This exchange asked again, as {@code method} for {@code rawTarget} (already parsed as {@code
   * target}), without a body: what a gateway's local redirect means (RFC 3875 §6.2.2). The header
   * fields that describe a body ({@code Content-Length}, {@code Content-Type}, {@code
   * Transfer-Encoding}, {@code Expect}) are left out; the others and the peer's addresses are kept.
   */
  public HttpRequest reissued(String method, String rawTarget, RequestTarget target) {
    HttpFields original = head.fields();
    HttpFields fields = new HttpFields(original.size());
    for (int i = 0; i < original.size(); i++) {
      if (!BODY_FIELDS.contains(Ascii.toLowerCase(original.name(i)))) {
        fields.add(original.name(i), original.value(i));
      }
    }
    return new HttpRequest(
        new RequestHead(method, rawTarget, head.version(), fields),
        target,
        new BodyFraming.None(),
        InputStream.nullInputStream(),
        remoteAddress,
        localAddress);
  }

  /**
   * Records who sent this request, once the site has checked their credentials: the access log's
   * user field ({@code %u}). Called by the site's access guard only.
   */
  public void authenticatedAs(String name) {
    this.user = java.util.Objects.requireNonNull(name, "name");
  }

  /** Who sent this request, if the site checked their credentials. */
  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  public InetSocketAddress remoteAddress() {
    return remoteAddress;
  }

  /**
   * The client's address as text, without port, as records keep it: {@code 127.0.0.1}, {@code ::1};
   * {@code unknown} when the transport did not say.
   */
  public String remoteAddressText() {
    if (remoteAddress == null) {
      return "unknown";
    }
    return remoteAddress.getAddress() != null
        ? InetAddresses.toAddrString(remoteAddress.getAddress())
        : remoteAddress.getHostString();
  }

  public InetSocketAddress localAddress() {
    return localAddress;
  }
}
