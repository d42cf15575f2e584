package dev.mtserver.http.site.forms;

import dev.mtserver.domain.form.FormField;
import dev.mtserver.domain.posting.AcceptUploadUseCase;
import dev.mtserver.domain.posting.UploadCommand;
import dev.mtserver.domain.posting.UploadDecision;
import dev.mtserver.domain.posting.UploadReception;
import dev.mtserver.domain.posting.UploadResult;
import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.grammar.StrictUtf8;
import dev.mtserver.http.codec.HttpProtocolException;
import dev.mtserver.http.codec.MalformedBodyException;
import dev.mtserver.http.codec.multipart.MultipartBoundary;
import dev.mtserver.http.codec.multipart.MultipartPart;
import dev.mtserver.http.codec.multipart.MultipartReader;
import dev.mtserver.http.engine.BodyTooLargeException;
import dev.mtserver.http.engine.BoundedBody;
import dev.mtserver.http.engine.ErrorResponses;
import dev.mtserver.http.engine.HttpHandler;
import dev.mtserver.http.engine.HttpRequest;
import dev.mtserver.http.engine.HttpResponse;
import dev.mtserver.http.memory.MemoryBudget;
import dev.mtserver.http.memory.MemoryLease;
import dev.mtserver.http.memory.RequestMemoryExhaustedException;
import dev.mtserver.http.negotiation.AcceptHeader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST} of a {@code multipart/form-data} form, mapped to the domain's {@link
 * AcceptUploadUseCase}: the use case decides where a form may be posted and whether there is room
 * for it; this handler reads the body part by part, streaming every file part into the use case's
 * reception and handing it the text fields, and answers {@code 201 Created} listing what was
 * stored.
 *
 * <p>Refusals that need no body come first, without reading it (so no {@code 100 Continue} is
 * sent): 404 for a path the use case does not take, 400 for a missing or bad boundary, 413 for a
 * Content-Length over {@code --max-upload-size}, 507 when the use case says the store cannot hold
 * that much. While streaming, a body that grows past the limit is 413, a malformed body 400, too
 * many parts or oversized part headers 413, a full disk 507, a store that cannot answer 503 with
 * {@code Retry-After} (before the body too); every one of these closes the connection and leaves no
 * file behind, as does a client that goes away (its I/O error propagates). Files become visible
 * only once the whole body has been read and every file is stored.
 *
 * <p>Memory: file parts stream through the reader's one buffer; text fields are kept to be
 * recorded. Both are reserved from the server's {@link MemoryBudget} (the buffer when the body
 * starts, text as it arrives): when the budget is spent the answer is 503 with {@code Retry-After},
 * closing, and nothing is stored.
 */
public final class UploadHandler implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(UploadHandler.class);

  private final AcceptUploadUseCase uploads;
  private final HttpHandler page;
  private final UploadLimits limits;
  private final MemoryBudget memory;

  /** Without a memory budget: for tests. */
  public UploadHandler(AcceptUploadUseCase uploads, HttpHandler page, UploadLimits limits) {
    this(uploads, page, limits, MemoryBudget.unbounded());
  }

  /**
   * @param page serves a page that received a multipart form without files
   * @param memory the server's budget for request data in memory
   */
  public UploadHandler(
      AcceptUploadUseCase uploads, HttpHandler page, UploadLimits limits, MemoryBudget memory) {
    this.uploads = Objects.requireNonNull(uploads, "uploads");
    this.page = Objects.requireNonNull(page, "page");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.memory = Objects.requireNonNull(memory, "memory");
  }

  @Override
  public HttpResponse handle(HttpRequest request) throws IOException {
    OptionalLong length = request.contentLength();
    UploadDecision decision;
    try {
      decision =
          uploads.admit(
              new UploadCommand(request.path(), length, PostRequests.remoteAddress(request)));
    } catch (StoreUnavailableException e) {
      return PostRequests.storageFailure(e, log, "an upload", request);
    }
    if (decision instanceof UploadDecision.NotFound) {
      return ErrorResponses.of(404);
    }
    String boundary;
    try {
      boundary = MultipartBoundary.of(request.headers().first("Content-Type").orElse(""));
    } catch (HttpProtocolException e) {
      return PostRequests.closing(e.status(), e.safeReason());
    }
    if (length.isPresent() && length.getAsLong() > limits.maxUploadSize()) {
      return PostRequests.closing(413, "Upload larger than " + limits.maxUploadSize() + " bytes");
    }
    return switch (decision) {
      case UploadDecision.NotFound notFound -> ErrorResponses.of(404);
      case UploadDecision.InsufficientStorage full -> {
        log.warn("Refused an upload of {} bytes: not enough free space", full.declaredLength());
        yield PostRequests.closing(507, "The server has no room to store this");
      }
      case UploadDecision.Accepted accepted -> receive(request, boundary, accepted);
    };
  }

  private HttpResponse receive(
      HttpRequest request, String boundary, UploadDecision.Accepted accepted) throws IOException {
    try (MemoryLease uploadMemory = memory.lease()) { // until the text fields are recorded
      uploadMemory.reserve(MultipartReader.BUFFER_BYTES);
      return store(request, boundary, accepted, uploadMemory);
    } catch (RequestMemoryExhaustedException e) {
      return PostRequests.busy(); // (a partial upload was discarded by its close)
    }
  }

  private HttpResponse store(
      HttpRequest request,
      String boundary,
      UploadDecision.Accepted accepted,
      MemoryLease uploadMemory)
      throws IOException {
    BoundedBody body = new BoundedBody(request.body(), limits.maxUploadSize());
    MultipartReader reader = new MultipartReader(body, boundary, limits.multipart());
    UploadResult result;
    try (UploadReception reception = uploads.receive(accepted)) {
      TextBudget text = new TextBudget(limits.maxTextBytes(), uploadMemory);
      MultipartPart part;
      while ((part = reader.nextPart()) != null) {
        if (part.isFile()) {
          addFile(reception, part);
        } else {
          reception.addField(new FormField(part.name(), text.read(part.body())));
        }
      }
      result = reception.finish();
    } catch (MalformedBodyException e) {
      return PostRequests.closing(e.status(), e.safeReason());
    } catch (BodyTooLargeException e) {
      return PostRequests.closing(413, "Upload larger than " + limits.maxUploadSize() + " bytes");
    } catch (RequestMemoryExhaustedException e) {
      throw e; // answered by receive(): not the store's failure
    } catch (IOException e) {
      if (body.clientFailed()) {
        throw e; // the client went away or stalled: nothing to answer, the upload is gone
      }
      return PostRequests.storageFailure(e, log, "an upload", request);
    }
    return switch (result) {
      case UploadResult.Stored stored ->
          UploadResponses.created(stored.files(), AcceptHeader.prefersJson(request.headers()));
      case UploadResult.RecordedAsForm form -> page.handle(request);
      case UploadResult.NoFile noFile -> PostRequests.closing(400, "No file in the upload");
    };
  }

  /**
   * Streams one file part into the reception. An empty file input makes browsers send a part with
   * an empty file name and no content: that is no file at all and is skipped.
   */
  private static void addFile(UploadReception reception, MultipartPart part) throws IOException {
    String fileName = part.fileName().orElseThrow();
    InputStream content = part.body();
    if (fileName.isEmpty()) {
      int first = content.read();
      if (first == -1) {
        return;
      }
      content =
          new SequenceInputStream(new ByteArrayInputStream(new byte[] {(byte) first}), content);
    }
    reception.addFile(fileName, content);
  }

  /**
   * Text fields are kept in memory to be recorded: their total size is bounded per upload, and
   * every byte is reserved from the server's budget ({@link MemoryBudget#TEXT_BYTE_COST} per byte)
   * before it is read into memory.
   */
  private static final class TextBudget {
    private static final int BLOCK_BYTES = 8192;

    private final MemoryLease memory;
    private long remaining;

    TextBudget(long limit, MemoryLease memory) {
      this.remaining = limit;
      this.memory = memory;
    }

    String read(InputStream in) throws IOException {
      byte[] bytes = new byte[(int) Math.min(BLOCK_BYTES, remaining + 1)];
      int length = 0;
      while (true) {
        if (length == bytes.length) {
          if (length > remaining) {
            break;
          }
          bytes = Arrays.copyOf(bytes, (int) Math.min(2L * length, remaining + 1));
        }
        int wanted = Math.min(BLOCK_BYTES, bytes.length - length);
        memory.reserve((long) MemoryBudget.TEXT_BYTE_COST * wanted);
        int n = in.read(bytes, length, wanted);
        memory.release((long) MemoryBudget.TEXT_BYTE_COST * (wanted - Math.max(n, 0)));
        if (n < 0) {
          break;
        }
        length += n;
      }
      if (length > remaining) {
        throw new MalformedBodyException(413, "Form fields too large");
      }
      remaining -= length;
      return StrictUtf8.decode(bytes, 0, length)
          .orElseThrow(() -> new MalformedBodyException(400, "Form field is not UTF-8"));
    }
  }
}
