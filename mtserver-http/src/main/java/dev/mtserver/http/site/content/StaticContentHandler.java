package dev.mtserver.http.site.content;

import dev.mtserver.domain.content.ContentCoding;
import dev.mtserver.domain.content.ContentOutcome;
import dev.mtserver.domain.content.ContentRequest;
import dev.mtserver.domain.content.OpenContent;
import dev.mtserver.domain.content.Resource;
import dev.mtserver.domain.content.ServeContentUseCase;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.http.codec.HttpDates;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.conditional.ByteRange;
import dev.mtserver.http.conditional.ByteRanges;
import dev.mtserver.http.conditional.Condition;
import dev.mtserver.http.conditional.Preconditions;
import dev.mtserver.http.conditional.Preconditions.Decision;
import dev.mtserver.http.conditional.RangePlan;
import dev.mtserver.http.engine.ErrorResponses;
import dev.mtserver.http.engine.HttpHandler;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.engine.ResponseBody;
import dev.mtserver.http.negotiation.AcceptEncoding;
import dev.mtserver.http.negotiation.AcceptHeader;
import dev.mtserver.http.site.StoreFailures;
import dev.mtserver.http.spi.ChannelTransfer;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET and HEAD for static content: asks {@link ServeContentUseCase} what the path names and maps
 * the outcome to a response — a file (200, 206, 304, 412 or 416), a redirect to the slashed
 * directory (301), a listing, 501 for a script, or a plain 404. HEAD runs exactly the same code, so
 * its headers are GET's; the connection loop leaves the body out.
 *
 * <p>For a file: validators first ({@code ETag}, {@code Last-Modified}), then the preconditions in
 * RFC 9110 order (only when the request has an {@code If-*} field), then {@code Range}. A small
 * file the store caches ({@link dev.mtserver.domain.content.ContentSource#readThroughCache}) leaves
 * whole as bytes in one write with the head, a range of it as a region of those bytes; any other
 * body is a region of the opened content, which the transport sends with {@code sendfile(2)} when
 * the store is a file system — ranges and multipart ranges included.
 *
 * <p>When the outcome says the bytes are an upload's, every answer that carries or stands for them
 * (200, 206, 304) gets {@link UploadedContent}'s fields, and a listing of the upload area a
 * sandboxed policy; the path is not looked at again, so no spelling of it can get around that.
 * Rendered listings are kept in {@link ListingPages} while the domain hands out the same listing.
 *
 * <p>A store that fails is answered as {@link StoreFailures} says for reads: 404 for a file gone or
 * refused since its look-up, 502 or 504 for a store that cannot answer, 500 for anything else.
 *
 * <p>What {@link ContentFeatures} turns on: gzip on the fly ({@link OnTheFlyGzip}) for the site's
 * text files without a precompressed sibling — never for an upload, never for a {@code Range}
 * request (which gets the plain file's ranges), always with {@code Vary: Accept-Encoding} and an
 * entity tag of its own; listings sorted by the query and as JSON on {@code ?format=json} or {@code
 * Accept: application/json}, with a link to the folder as one zip when {@link FolderArchiveHandler}
 * stands in front; a single-page app's page for unknown extension-less paths. Always: the site's
 * {@code /404.html} and {@code /50x.html}, when present, are the bodies of those errors (with their
 * status).
 */
public final class StaticContentHandler implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(StaticContentHandler.class);
  private static final int REMEMBERED_DATES = 4096;

  private final ConcurrentHashMap<Long, String> httpDates = new ConcurrentHashMap<>();
  private static final SitePath NOT_FOUND_PAGE = SitePath.parse("/404.html");
  private static final SitePath SERVER_ERROR_PAGE = SitePath.parse("/50x.html");

  private final ServeContentUseCase content;
  private final Optional<String> cacheControl;
  private final ContentFeatures features;
  private final Optional<OnTheFlyGzip> gzip;
  private final ListingPages listingPages;

  public StaticContentHandler(
      ServeContentUseCase content, StaticContentOptions options, ContentFeatures features) {
    this.content = Objects.requireNonNull(content, "content");
    this.cacheControl = options.cacheControl();
    this.features = Objects.requireNonNull(features, "features");
    this.gzip = features.compress() ? Optional.of(new OnTheFlyGzip()) : Optional.empty();
    this.listingPages = new ListingPages(features.archives());
  }

  public StaticContentHandler(ServeContentUseCase content, StaticContentOptions options) {
    this(content, options, ContentFeatures.none());
  }

  /** A handler with the default options ({@code Cache-Control: no-cache}). */
  public StaticContentHandler(ServeContentUseCase content) {
    this(content, StaticContentOptions.defaults());
  }

  @Override
  public HttpResponse handle(HttpRequest request) {
    try {
      return respond(request);
    } catch (IOException e) {
      // gone or unreadable since it was looked up: a plain 404; a store that cannot answer: 502/504
      Optional<HttpResponse> answer = StoreFailures.ofRead(e);
      if (answer.isEmpty() || answer.get().status() >= 500) {
        log.warn("Could not serve {}: {}", request.path(), e.toString());
      }
      HttpResponse error = answer.orElseGet(() -> ErrorResponses.of(500, "Internal server error"));
      return errorPage(request, error);
    }
  }

  private HttpResponse respond(HttpRequest request) throws IOException {
    List<ContentCoding> accepted =
        AcceptEncoding.acceptable(request.headers().all("Accept-Encoding"));
    return switch (content.serve(new ContentRequest(request.path(), accepted))) {
      case ContentOutcome.Found found -> file(request, found, accepted);
      case ContentOutcome.RedirectToDirectory redirect -> redirect(request, redirect);
      case ContentOutcome.Listing listing -> listing(request, listing);
      case ContentOutcome.Script script -> ErrorResponses.of(501, "No PHP runner is configured");
      case ContentOutcome.NotFound notFound -> notFound(request);
    };
  }

  /** The single page for a route of a single-page app, else 404 (with the site's page). */
  private HttpResponse notFound(HttpRequest request) throws IOException {
    SitePath path = request.path();
    if (features.singlePage().isPresent()
        && path.extension().isEmpty()
        && !features.uploads().contains(path)
        && acceptsHtml(request.headers())) {
      ContentOutcome page = content.serve(ContentRequest.of(features.singlePage().get()));
      if (page instanceof ContentOutcome.Found found && !found.isUpload()) {
        return file(request, found, List.of());
      }
    }
    return errorPage(request, ErrorResponses.of(404));
  }

  private static boolean acceptsHtml(HttpFields headers) {
    for (String value : headers.all("Accept")) {
      if (value.toLowerCase(Locale.ROOT).contains("text/html")) { // only on the way to a 404
        return true;
      }
    }
    return false;
  }

  /**
   * {@code error} with the body of the site's {@code /404.html} (for 404) or {@code /50x.html} (for
   * 5xx) when the site has one, as nginx's {@code error_page}; else {@code error} itself. The page
   * keeps the error's status, and is not cached ({@code no-store}), having no validator of its own.
   */
  private HttpResponse errorPage(HttpRequest request, HttpResponse error) {
    int status = error.status();
    SitePath page;
    if (status == 404) {
      page = NOT_FOUND_PAGE;
    } else if (status >= 500) {
      page = SERVER_ERROR_PAGE;
    } else {
      return error;
    }
    try {
      if (content.serve(ContentRequest.of(page)) instanceof ContentOutcome.Found found
          && !found.isUpload()) {
        Resource resource = found.resource();
        HttpFields headers =
            new HttpFields()
                .add("Content-Type", resource.mediaType())
                .add("X-Content-Type-Options", "nosniff")
                .add("Cache-Control", "no-store");
        return new HttpResponse(status, headers, body(resource, 0, resource.size()));
      }
    } catch (IOException e) { // the store that failed the request may fail the page too
      log.debug("No error page for {}: {}", request.path(), e.toString());
    }
    return error;
  }

  private static HttpResponse redirect(
      HttpRequest request, ContentOutcome.RedirectToDirectory redirect) {
    HttpResponse response = ErrorResponses.of(301);
    // toUriPath() starts with exactly one slash, so the Location can never read as "//host"
    String location =
        redirect.location().toUriPath() + request.rawQuery().map(query -> "?" + query).orElse("");
    response.headers().set("Location", location);
    return response;
  }

  private HttpResponse listing(HttpRequest request, ContentOutcome.Listing listing) {
    String query = request.rawQuery().orElse("");
    ListingView view = query.isEmpty() ? ListingView.DEFAULT : ListingView.fromQuery(query);
    boolean json =
        QueryWords.value(query, "format").map("json"::equals).orElse(false)
            || AcceptHeader.prefersJson(request.headers());
    String policy =
        listing.isUpload()
            ? UploadedContent.listingPolicy(DirectoryListingPage.CONTENT_SECURITY_POLICY)
            : DirectoryListingPage.CONTENT_SECURITY_POLICY;
    HttpFields headers =
        new HttpFields()
            .add("Content-Type", json ? "application/json" : "text/html; charset=utf-8")
            .add("X-Content-Type-Options", "nosniff")
            .add("Content-Security-Policy", policy)
            .add("Vary", "Accept");
    cacheControl.ifPresent(value -> headers.add("Cache-Control", value));
    return new HttpResponse(
        200, headers, new ResponseBody.Bytes(listingPages.render(listing, view, json)));
  }

  private HttpResponse file(
      HttpRequest request, ContentOutcome.Found found, List<ContentCoding> accepted)
      throws IOException {
    Resource resource = found.resource();
    // on-the-fly gzip: decided from the type and size first, which allocates nothing
    boolean mayCompress =
        gzip.isPresent()
            && !found.isUpload()
            && found.coding().isEmpty()
            && OnTheFlyGzip.isCandidate(resource.mediaType(), resource.size());
    boolean compress =
        mayCompress
            && accepted.contains(ContentCoding.GZIP)
            && request.headers().all("Range").isEmpty(); // a range is of the plain file
    String entityTag =
        compress
            ? found.entityTag().withCoding(ContentCoding.GZIP).value()
            : found.entityTag().value();
    HttpFields headers =
        new HttpFields(12)
            .add("ETag", entityTag)
            .add("Last-Modified", httpDate(resource.lastModified()));
    cacheControl.ifPresent(value -> headers.add("Cache-Control", value));
    if (found.variesByCoding() || mayCompress) {
      headers.add("Vary", "Accept-Encoding");
    }
    if (found.isUpload()) { // before the preconditions: a 304 stands for the upload too
      UploadedContent.protect(headers, resource.mediaType());
    }
    Decision decision =
        hasPreconditions(request.headers())
            ? Preconditions.evaluate(
                request.method(), request.headers(), entityTag, resource.lastModified())
            : Decision.PROCEED;
    switch (decision) {
      case NOT_MODIFIED -> {
        return new HttpResponse(304, headers, new ResponseBody.Empty());
      }
      case PRECONDITION_FAILED -> {
        return ErrorResponses.of(412);
      }
      case PROCEED -> {}
    }
    headers.add("Content-Type", resource.mediaType());
    if (!found.isUpload()) { // an upload has it already
      headers.add("X-Content-Type-Options", "nosniff");
    }
    if (compress) { // ranges are offered on the plain file, and a range request gets it
      headers.add("Content-Encoding", ContentCoding.GZIP.token());
      return new HttpResponse(200, headers, gzip.get().body(resource, found.entityTag().value()));
    }
    found.coding().ifPresent(coding -> headers.add("Content-Encoding", coding.token()));
    headers.add("Accept-Ranges", "bytes");

    long size = resource.size();
    RangePlan plan = rangePlan(request, entityTag, resource);
    if (plan instanceof RangePlan.Multipart && found.coding().isPresent()) {
      // parts of a compressed stream, each framed by plain-text heads, help no client
      plan = new RangePlan.Whole();
    }
    return switch (plan) {
      case RangePlan.Whole whole -> new HttpResponse(200, headers, body(resource, 0, size));
      case RangePlan.Single single -> {
        ByteRange range = single.range();
        headers.add("Content-Range", range.contentRange(size));
        yield new HttpResponse(206, headers, body(resource, range.first(), range.length()));
      }
      case RangePlan.Multipart multipart -> multipart(headers, resource, multipart.ranges());
      case RangePlan.Unsatisfiable unsatisfiable -> {
        HttpResponse response = ErrorResponses.of(416);
        response
            .headers()
            .add("Content-Range", ByteRange.unsatisfiedContentRange(size))
            .add("Accept-Ranges", "bytes");
        yield response;
      }
    };
  }

  /** True if any field is an {@code If-*} precondition: one scan instead of one per field. */
  private static boolean hasPreconditions(HttpFields fields) {
    for (int i = 0; i < fields.size(); i++) {
      String name = fields.name(i);
      if (name.length() > 3
          && (name.charAt(0) == 'I' || name.charAt(0) == 'i')
          && (name.charAt(1) == 'F' || name.charAt(1) == 'f')
          && name.charAt(2) == '-') {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code Last-Modified} as an IMF-fixdate, remembered per second: a site has few distinct
   * modification times, and formatting one is the dearest step of building a file's head.
   */
  private String httpDate(Instant instant) {
    long second = instant.getEpochSecond();
    String text = httpDates.get(second);
    if (text == null) {
      if (httpDates.size() >= REMEMBERED_DATES) {
        httpDates.clear();
      }
      text = HttpDates.format(Instant.ofEpochSecond(second));
      httpDates.put(second, text);
    }
    return text;
  }

  /** The range plan, or Whole when the method has no ranges or If-Range says the copy is stale. */
  private static RangePlan rangePlan(HttpRequest request, String entityTag, Resource resource) {
    List<String> range = request.headers().all("Range");
    if (range.isEmpty()) {
      return new RangePlan.Whole();
    }
    // RFC 9110 defines ranges for GET; HEAD gets GET's answer minus the body, as nginx and Go do
    String method = request.method();
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return new RangePlan.Whole();
    }
    Condition ifRange =
        Preconditions.checkIfRange(
            request.headers().all("If-Range"), entityTag, resource.lastModified());
    if (ifRange == Condition.FALSE) {
      return new RangePlan.Whole();
    }
    return ByteRanges.plan(range, resource.size());
  }

  private static HttpResponse multipart(
      HttpFields headers, Resource resource, List<ByteRange> ranges) throws IOException {
    Optional<byte[]> cached = resource.source().readThroughCache();
    OpenContent open = null;
    ChannelTransfer file;
    if (cached.isPresent()) {
      file = new ByteArrayTransfer(cached.get());
    } else {
      open = resource.source().open();
      file = new StoreContentTransfer(open);
    }
    MultipartByteranges body =
        MultipartByteranges.of(
            file, ranges, resource.size(), resource.mediaType(), MultipartByteranges.newBoundary());
    headers.set("Content-Type", body.contentType());
    return new HttpResponse(206, headers, new ResponseBody.Region(body, 0, body.length(), open));
  }

  /** The bytes {@code position .. position+length} of the resource: from memory, or zero-copy. */
  private static ResponseBody body(Resource resource, long position, long length)
      throws IOException {
    Optional<byte[]> cached = resource.source().readThroughCache();
    if (cached.isPresent()) {
      byte[] bytes = cached.get();
      if (position == 0 && length == bytes.length) {
        return new ResponseBody.Bytes(bytes); // goes out in the same write as the head
      }
      return new ResponseBody.Region(new ByteArrayTransfer(bytes), position, length, null);
    }
    OpenContent open = resource.source().open();
    return new ResponseBody.Region(new StoreContentTransfer(open), position, length, open);
  }
}
