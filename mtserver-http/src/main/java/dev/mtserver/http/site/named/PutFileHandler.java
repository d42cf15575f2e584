package dev.mtserver.http.site.named;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.domain.upload.StorageFullException;
import dev.mtserver.domain.upload.named.FileChangedException;
import dev.mtserver.domain.upload.named.NameTakenException;
import dev.mtserver.domain.upload.named.NamedFileService;
import dev.mtserver.domain.upload.named.NamedFilesUseCase;
import dev.mtserver.domain.upload.named.PutCommand;
import dev.mtserver.domain.upload.named.PutDecision;
import dev.mtserver.domain.upload.named.PutResult;
import dev.mtserver.http.engine.BodyTooLargeException;
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
import java.util.Objects;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PUT /downloads/NAME} ({@code curl -T file http://host/downloads/}), mapped to the domain's
 * {@link NamedFilesUseCase}: the use case decides from the head whether the file may be stored and
 * under which name; this handler then streams the body into it and answers {@code 201 Created} with
 * {@code Location} and {@code ETag}, or {@code 204} when the file replaced one.
 *
 * <p>Refusals that need no body come first, without reading it (no {@code 100 Continue} is sent):
 * 405 with {@code Allow} outside the uploads area and for a replacement where nobody signs in; 413
 * for a {@code Content-Length} over {@code --max-upload-size}; 409 for a name that is taken and no
 * {@code If-Match}; 412 for a precondition that does not hold; 507 when the store has no room for
 * the announced length. While streaming, a body that grows past the limit is 413, a full store 507,
 * a store that cannot answer 503; each closes the connection and leaves nothing behind, as does a
 * client that goes away. A name taken, or a file changed, while the body streamed is 409 or 412,
 * and the new bytes are thrown away.
 *
 * <p>Memory: the body streams through one buffer of {@value NamedFileService#TRANSFER_BUFFER_BYTES}
 * bytes, reserved from the server's {@link MemoryBudget} first (503 with {@code Retry-After} when
 * it is spent).
 */
public final class PutFileHandler implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(PutFileHandler.class);

  private final NamedFilesUseCase files;
  private final NamedFileMethods methods;
  private final long maxUploadSize;
  private final MemoryBudget memory;

  /**
   * @param maxUploadSize the largest body, {@code --max-upload-size}
   * @param memory the server's budget for request data in memory
   */
  public PutFileHandler(
      NamedFilesUseCase files, NamedFileMethods methods, long maxUploadSize, MemoryBudget memory) {
    this.files = Objects.requireNonNull(files, "files");
    this.methods = Objects.requireNonNull(methods, "methods");
    this.maxUploadSize = maxUploadSize;
    this.memory = Objects.requireNonNull(memory, "memory");
  }

  @Override
  public HttpResponse handle(HttpRequest request) throws IOException {
    OptionalLong length = request.contentLength();
    PutDecision decision;
    try {
      decision =
          files.admitPut(
              new PutCommand(request.path(), length, WriteConditions.of(request.headers())));
    } catch (StoreUnavailableException e) {
      return StoreFailures.unavailableForWrite();
    }
    if (decision instanceof PutDecision.NotWritable) {
      return methods.notAllowed(request.path(), "Files can be PUT only into the uploads folder");
    }
    if (decision instanceof PutDecision.NotAllowed) {
      return methods.notAllowed(
          request.path(), "Replacing needs an --auth-file: this server has no users");
    }
    if (length.isPresent() && length.getAsLong() > maxUploadSize) {
      return closing(413, "Upload larger than " + maxUploadSize + " bytes");
    }
    return switch (decision) {
      case PutDecision.Accepted accepted -> receive(request, accepted);
      case PutDecision.Conflict conflict -> taken();
      case PutDecision.PreconditionFailed failed -> preconditionFailed();
      case PutDecision.InsufficientStorage full -> {
        log.warn("Refused a PUT of {} bytes: not enough free space", full.declaredLength());
        yield closing(507, "The server has no room to store this");
      }
      case PutDecision.NotWritable notWritable -> throw new AssertionError("answered above");
      case PutDecision.NotAllowed notAllowed -> throw new AssertionError("answered above");
    };
  }

  private HttpResponse receive(HttpRequest request, PutDecision.Accepted accepted)
      throws IOException {
    BoundedBody body = new BoundedBody(request.body(), maxUploadSize);
    PutResult result;
    try (MemoryLease buffer = memory.lease()) {
      buffer.reserve(NamedFileService.TRANSFER_BUFFER_BYTES);
      result = files.put(accepted, body);
    } catch (RequestMemoryExhaustedException e) {
      HttpResponse busy = closing(503, RequestMemoryExhaustedException.REASON);
      busy.headers()
          .set(
              "Retry-After", Integer.toString(RequestMemoryExhaustedException.RETRY_AFTER_SECONDS));
      return busy;
    } catch (BodyTooLargeException e) {
      return closing(413, "Upload larger than " + maxUploadSize + " bytes");
    } catch (NameTakenException e) {
      return taken();
    } catch (FileChangedException e) {
      return preconditionFailed();
    } catch (IOException e) {
      if (body.clientFailed()) {
        throw e; // the client went away or stalled: nothing to answer, nothing was kept
      }
      return storageFailure(e, request);
    }
    return stored(request.path(), result);
  }

  private static HttpResponse stored(SitePath requested, PutResult result) {
    HttpResponse response = HttpResponse.empty(result.replaced() ? 204 : 201);
    response.headers().set("ETag", result.file().entityTag().value());
    response.headers().set("Cache-Control", "no-store");
    result
        .location()
        .filter(where -> !result.replaced() || !where.equals(requested))
        .ifPresent(where -> response.headers().set("Location", where.toUriPath()));
    return response;
  }

  private static HttpResponse taken() {
    return ErrorResponses.of(
        409, "A file of that name exists; send If-Match with its ETag to replace it");
  }

  private static HttpResponse preconditionFailed() {
    return ErrorResponses.of(412, "The file is not the version the request names");
  }

  private static HttpResponse storageFailure(IOException e, HttpRequest request) {
    if (e instanceof StoreUnavailableException) {
      log.warn("The store is unavailable for PUT {}: {}", request.path(), e.getMessage());
      return StoreFailures.unavailableForWrite();
    }
    if (e instanceof StorageFullException) {
      log.warn("Storage full while storing PUT {}", request.path());
      return closing(507, "The server has no room to store this");
    }
    log.error("Could not store PUT {}", request.path(), e);
    return closing(500, "Could not store the file");
  }

  /** An answer after which the connection closes: part of the body may still be unread. */
  private static HttpResponse closing(int status, String reason) {
    HttpResponse response = ErrorResponses.of(status, reason);
    response.headers().set("Connection", "close");
    return response;
  }
}
