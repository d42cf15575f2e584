package dev.mtserver.http.site.resumable;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.resumable.AppendOutcome;
import dev.mtserver.domain.resumable.AppendRequest;
import dev.mtserver.domain.resumable.ChecksumAlgorithm;
import dev.mtserver.domain.resumable.CreateOutcome;
import dev.mtserver.domain.resumable.MalformedUploadRequestException;
import dev.mtserver.domain.resumable.ResumableUpload;
import dev.mtserver.domain.resumable.ResumableUploadUseCase;
import dev.mtserver.domain.resumable.StatusOutcome;
import dev.mtserver.domain.resumable.TerminateOutcome;
import dev.mtserver.domain.resumable.UploadChecksum;
import dev.mtserver.domain.resumable.UploadId;
import dev.mtserver.domain.resumable.UploadMetadata;
import dev.mtserver.domain.resumable.UploadStatus;
import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.domain.upload.StorageFullException;
import dev.mtserver.http.codec.HttpDates;
import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.engine.BoundedBody;
import dev.mtserver.http.engine.ErrorResponses;
import dev.mtserver.http.engine.HttpHandler;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.memory.MemoryBudget;
import dev.mtserver.http.memory.MemoryLease;
import dev.mtserver.http.memory.RequestMemoryExhaustedException;
import dev.mtserver.http.site.StoreFailures;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tus 1.0.0 endpoint at {@code /files/}: a mapping of the protocol's requests to the domain's
 * {@link ResumableUploadUseCase} and of its outcomes to statuses (docs/adr/0034 and 0043). The
 * collection {@code /files/} takes {@code OPTIONS} (what the server supports) and {@code POST}
 * (create, with a first chunk when the request has a body: {@code creation-with-upload}); an upload
 * {@code /files/ID} takes {@code HEAD} (where it stands), {@code PATCH} (append at the stated
 * offset) and {@code DELETE} (terminate). A {@code POST} with {@code X-HTTP-Method-Override: PATCH}
 * or {@code DELETE} stands for that method.
 *
 * <p>Every answer carries {@code Tus-Resumable: 1.0.0}; a request other than {@code OPTIONS} that
 * does not say it speaks 1.0.0 gets 412 with {@code Tus-Version}. Malformed protocol fields are 400
 * (the reason names the rule), a chunk of another type 415, an unknown upload 404 (a segment that
 * is not an id never reaches the store), an expired one 410, an offset that is not the upload's
 * 409, a chunk whose checksum differs 460, another request busy with the upload 423.
 *
 * <p>A chunk streams from the request body into the store through the body's own reads ({@code
 * InputStream.transferTo}: one buffer of {@link #CHUNK_BUFFER_BYTES}, reserved from the server's
 * {@link MemoryBudget} first; past the budget 503); the engine's body deadlines and minimum rate
 * apply as to any body. A client that goes away mid-chunk keeps what arrived (the use case's rule)
 * and gets no answer; a store that fails gets 507 when full, 503 when unavailable, 500 otherwise.
 */
public final class ResumableUploadHandler implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(ResumableUploadHandler.class);

  /** Where the endpoint answers: the collection; each upload is a segment below it. */
  public static final SitePath BASE = SitePath.parse("/files/");

  /** The extensions {@code OPTIONS} advertises, in {@code Tus-Extension}. */
  static final String EXTENSIONS =
      "creation,creation-with-upload,creation-defer-length,termination,checksum,expiration";

  /** What {@code InputStream.transferTo} allocates to move a chunk: reserved before each append. */
  static final int CHUNK_BUFFER_BYTES = 16 * 1024;

  /** How long a client refused for too many unfinished uploads is told to wait. */
  static final int RETRY_AFTER_SECONDS = 60;

  private static final String COLLECTION_METHODS = "OPTIONS, POST";
  private static final String UPLOAD_METHODS = "OPTIONS, HEAD, PATCH, DELETE";

  private final ResumableUploadUseCase uploads;
  private final MemoryBudget memory;

  public ResumableUploadHandler(ResumableUploadUseCase uploads, MemoryBudget memory) {
    this.uploads = Objects.requireNonNull(uploads, "uploads");
    this.memory = Objects.requireNonNull(memory, "memory");
  }

  /** True for the paths this endpoint answers: {@code /files}, {@code /files/} and below. */
  public static boolean answers(SitePath path) {
    return path.startsWith(BASE);
  }

  @Override
  public HttpResponse handle(HttpRequest request) throws IOException {
    HttpResponse response;
    try {
      response = dispatch(request);
    } catch (MalformedUploadRequestException e) {
      response = ErrorResponses.of(400, e.getMessage());
    }
    response.headers().set("Tus-Resumable", TusHeaders.VERSION);
    return response;
  }

  private HttpResponse dispatch(HttpRequest request) throws IOException {
    var segments = request.path().segments();
    if (!answers(request.path())) {
      return ErrorResponses.of(404);
    }
    boolean collection = segments.size() == BASE.segments().size();
    if (!collection && segments.size() != BASE.segments().size() + 1) {
      return ErrorResponses.of(404);
    }
    String method = request.method();
    if (method.equals("POST") && !collection) {
      Optional<String> override = TusHeaders.methodOverride(request.headers());
      if (override.isPresent()) {
        method = override.get();
      }
    }
    String allowed = collection ? COLLECTION_METHODS : UPLOAD_METHODS;
    if (!Arrays.asList(allowed.split(", ")).contains(method)) {
      return notAllowed(allowed); // before the version: a browser's GET learns what is allowed
    }
    if (method.equals("OPTIONS")) {
      return options(allowed);
    }
    if (!TusHeaders.speaksVersion(request.headers())) {
      HttpResponse response =
          ErrorResponses.of(412, "this server speaks tus " + TusHeaders.VERSION);
      response.headers().set("Tus-Version", TusHeaders.VERSION);
      return response;
    }
    if (collection) {
      return create(request); // POST: the only other method allowed there
    }
    Optional<UploadId> id = UploadId.parse(segments.get(segments.size() - 1));
    if (id.isEmpty()) {
      return noStore(ErrorResponses.of(404));
    }
    return switch (method) {
      case "HEAD" -> status(id.get());
      case "PATCH" -> append(request, id.get());
      case "DELETE" -> terminate(request, id.get());
      default -> notAllowed(UPLOAD_METHODS);
    };
  }

  private HttpResponse options(String allow) {
    HttpResponse response = HttpResponse.empty(204);
    response
        .headers()
        .set("Allow", allow)
        .set("Tus-Version", TusHeaders.VERSION)
        .set("Tus-Extension", EXTENSIONS)
        .set("Tus-Max-Size", Long.toString(uploads.limits().maxUploadSize()))
        .set("Tus-Checksum-Algorithm", ChecksumAlgorithm.advertised());
    return response;
  }

  /** {@code POST /files/}: creates an upload, and appends the request's body when it has one. */
  private HttpResponse create(HttpRequest request) throws IOException {
    HttpFields fields = request.headers();
    OptionalLong length = TusHeaders.creationLength(fields);
    UploadMetadata metadata = TusHeaders.metadata(fields);
    boolean withChunk = request.hasBody();
    if (withChunk && !TusHeaders.isChunk(fields)) {
      return unsupportedType();
    }
    Optional<UploadChecksum> checksum = withChunk ? TusHeaders.checksum(fields) : Optional.empty();
    CreateOutcome outcome;
    try {
      outcome = uploads.create(length, metadata);
    } catch (IOException e) {
      return storeFailure(e, request);
    }
    return switch (outcome) {
      case CreateOutcome.Created created -> {
        UploadId id = created.status().upload().id();
        HttpResponse response;
        if (withChunk) {
          response = append(request, new AppendRequestParts(id, 0, checksum, OptionalLong.empty()));
          if (response.status() == 204) {
            response = withStatus(201, response);
          }
        } else {
          response = HttpResponse.empty(201);
          describeProgress(response.headers(), created.status());
        }
        // Even when its first chunk was refused the upload exists: the client may resume it.
        response.headers().set("Location", BASE.toUriPath() + id.value());
        yield response;
      }
      case CreateOutcome.TooLarge tooLarge ->
          ErrorResponses.of(413, "larger than " + tooLarge.maxUploadSize() + " bytes");
      case CreateOutcome.TooManyUploads tooMany -> {
        HttpResponse response =
            ErrorResponses.of(
                503, tooMany.maxUnfinishedUploads() + " uploads are unfinished already");
        response.headers().set("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        yield response;
      }
      case CreateOutcome.InsufficientStorage full ->
          ErrorResponses.of(507, "the server has no room for an upload of this length");
    };
  }

  /** {@code HEAD /files/ID}: where the upload stands, never cached. */
  private HttpResponse status(UploadId id) throws IOException {
    StatusOutcome outcome = uploads.status(id);
    HttpResponse response =
        switch (outcome) {
          case StatusOutcome.Found found -> {
            HttpResponse ok = HttpResponse.empty(200);
            ResumableUpload upload = found.status().upload();
            if (upload.isLengthDeferred()) {
              ok.headers().set("Upload-Defer-Length", "1");
            } else {
              ok.headers().set("Upload-Length", Long.toString(upload.length().getAsLong()));
            }
            if (!upload.metadata().isEmpty()) {
              ok.headers().set("Upload-Metadata", upload.metadata().header());
            }
            describeProgress(ok.headers(), found.status());
            yield ok;
          }
          case StatusOutcome.Unknown unknown -> ErrorResponses.of(404);
          case StatusOutcome.Gone gone -> ErrorResponses.of(410, "the upload expired");
        };
    return noStore(response);
  }

  /** {@code PATCH /files/ID}: one chunk at the offset the client states. */
  private HttpResponse append(HttpRequest request, UploadId id) throws IOException {
    HttpFields fields = request.headers();
    if (!TusHeaders.isChunk(fields)) {
      return unsupportedType();
    }
    long offset =
        TusHeaders.uploadOffset(fields)
            .orElseThrow(() -> new MalformedUploadRequestException("Upload-Offset is required"));
    return append(
        request,
        new AppendRequestParts(
            id, offset, TusHeaders.checksum(fields), TusHeaders.uploadLength(fields)));
  }

  /** What an append takes from the request's fields; the body comes from the request itself. */
  private record AppendRequestParts(
      UploadId id, long offset, Optional<UploadChecksum> checksum, OptionalLong uploadLength) {}

  private HttpResponse append(HttpRequest request, AppendRequestParts parts) throws IOException {
    // No limit of its own (the use case bounds the chunk); it tells a client's failure from ours.
    BoundedBody body = new BoundedBody(request.body(), Long.MAX_VALUE);
    AppendRequest chunk =
        new AppendRequest(
            parts.id(),
            parts.offset(),
            request.contentLength(),
            parts.checksum(),
            parts.uploadLength(),
            body,
            request.remoteAddressText());
    AppendOutcome outcome;
    try (MemoryLease lease = memory.lease()) {
      lease.reserve(CHUNK_BUFFER_BYTES);
      outcome = uploads.append(chunk);
    } catch (RequestMemoryExhaustedException e) {
      HttpResponse busy = closing(503, RequestMemoryExhaustedException.REASON);
      busy.headers()
          .set(
              "Retry-After", Integer.toString(RequestMemoryExhaustedException.RETRY_AFTER_SECONDS));
      return busy;
    } catch (IOException e) {
      if (body.clientFailed()) {
        throw e; // the client went away or stalled: what arrived is kept, nobody to answer
      }
      return storeFailure(e, request);
    }
    return switch (outcome) {
      case AppendOutcome.Appended appended -> {
        HttpResponse response = HttpResponse.empty(204);
        describeProgress(response.headers(), appended.status());
        yield response;
      }
      case AppendOutcome.Unknown unknown -> ErrorResponses.of(404);
      case AppendOutcome.Gone gone -> ErrorResponses.of(410, "the upload expired");
      case AppendOutcome.Locked locked ->
          ErrorResponses.of(423, "another request is changing this upload");
      case AppendOutcome.OffsetMismatch mismatch ->
          ErrorResponses.of(409, "the upload's offset is " + mismatch.currentOffset());
      case AppendOutcome.TooLarge tooLarge ->
          closing(413, "the upload may not grow past " + tooLarge.limit() + " bytes");
      case AppendOutcome.InsufficientStorage full ->
          closing(507, "the server has no room for more of this upload");
      case AppendOutcome.LengthConflict conflict -> ErrorResponses.of(400, conflict.reason());
      case AppendOutcome.ChecksumMismatch mismatch ->
          ErrorResponses.of(460, "the chunk does not have the checksum sent; nothing was kept");
    };
  }

  /** {@code DELETE /files/ID}. */
  private HttpResponse terminate(HttpRequest request, UploadId id) throws IOException {
    TerminateOutcome outcome;
    try {
      outcome = uploads.terminate(id);
    } catch (IOException e) {
      return storeFailure(e, request);
    }
    return switch (outcome) {
      case TerminateOutcome.Terminated terminated -> HttpResponse.empty(204);
      case TerminateOutcome.Unknown unknown -> ErrorResponses.of(404);
      case TerminateOutcome.Locked locked ->
          ErrorResponses.of(423, "another request is changing this upload");
    };
  }

  /**
   * {@code Upload-Offset}, {@code Upload-Expires} while the upload is unfinished, and once it is
   * published the stored file's {@code Location} in the site.
   */
  private static void describeProgress(HttpFields headers, UploadStatus status) {
    ResumableUpload upload = status.upload();
    headers.set("Upload-Offset", Long.toString(upload.offset()));
    if (!upload.isPublished()) {
      headers.set("Upload-Expires", HttpDates.format(upload.expires()));
    }
    status.location().ifPresent(path -> headers.set("Location", path.toUriPath()));
  }

  private static HttpResponse withStatus(int status, HttpResponse response) {
    return new HttpResponse(status, response.headers(), response.body());
  }

  private static HttpResponse noStore(HttpResponse response) {
    response.headers().set("Cache-Control", "no-store");
    return response;
  }

  private static HttpResponse notAllowed(String allow) {
    HttpResponse response = ErrorResponses.of(405);
    response.headers().set("Allow", allow);
    return response;
  }

  private static HttpResponse unsupportedType() {
    return ErrorResponses.of(415, "a chunk is sent as " + TusHeaders.OFFSET_OCTET_STREAM);
  }

  /** An answer after which the connection closes: part of the body may still be unread. */
  private static HttpResponse closing(int status, String reason) {
    HttpResponse response = ErrorResponses.of(status, reason);
    response.headers().set("Connection", "close");
    return response;
  }

  private static HttpResponse storeFailure(IOException e, HttpRequest request) {
    if (e instanceof StoreUnavailableException) {
      log.warn(
          "The store is unavailable for {} {}: {}", request.method(), request.path(), e.toString());
      return StoreFailures.unavailableForWrite();
    }
    if (e instanceof StorageFullException) {
      log.warn("Storage full while storing {} {}", request.method(), request.path());
      return closing(507, "The server has no room to store this");
    }
    log.error("Could not store {} {}", request.method(), request.path(), e);
    return closing(500, "Could not store the upload");
  }
}
