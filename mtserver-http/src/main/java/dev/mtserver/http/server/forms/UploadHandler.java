package dev.mtserver.http.server.forms;

import com.google.common.collect.ImmutableList;
import dev.mtserver.domain.content.ServeContentUseCase;
import dev.mtserver.domain.form.FormField;
import dev.mtserver.domain.form.RecordSubmissionUseCase;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.upload.StorageFullException;
import dev.mtserver.domain.upload.StoreUploadUseCase;
import dev.mtserver.domain.upload.StoredFile;
import dev.mtserver.domain.upload.UploadArea;
import dev.mtserver.domain.upload.UploadBatch;
import dev.mtserver.grammar.StrictUtf8;
import dev.mtserver.http.codec.HttpProtocolException;
import dev.mtserver.http.codec.MalformedBodyException;
import dev.mtserver.http.codec.multipart.MultipartBoundary;
import dev.mtserver.http.codec.multipart.MultipartPart;
import dev.mtserver.http.codec.multipart.MultipartReader;
import dev.mtserver.http.memory.MemoryBudget;
import dev.mtserver.http.memory.MemoryLease;
import dev.mtserver.http.memory.RequestMemoryExhaustedException;
import dev.mtserver.http.server.ErrorResponses;
import dev.mtserver.http.server.HttpHandler;
import dev.mtserver.http.server.HttpRequest;
import dev.mtserver.http.server.HttpResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST} of a {@code multipart/form-data} form to a page or to {@code /upload}: every file
 * part streams into the upload store, text fields are recorded in the submission log, and the
 * answer is {@code 201 Created} listing what was stored.
 *
 * <p>Refusals that need no body come first, without reading it (so no {@code 100 Continue} is
 * sent): 404 for a path that is neither a page nor the upload endpoint, 400 for a missing or bad
 * boundary, 413 for a Content-Length over {@code --max-upload-size}, 507 when the store cannot
 * hold that much. While streaming, a body that grows past the limit is 413, a malformed body 400,
 * too many parts or oversized part headers 413, a full disk 507; every one of these closes the
 * connection and leaves no file behind, as does a client that goes away (its I/O error
 * propagates). Files become visible only once the whole body has been read and every file is on
 * disk.
 *
 * <p>Memory: file parts stream through the reader's one buffer; text fields are kept to be
 * recorded. Both are reserved from the server's {@link MemoryBudget} (the buffer when the body
 * starts, text as it arrives): when the budget is spent the answer is 503 with {@code
 * Retry-After}, closing, and nothing is stored.
 */
public final class UploadHandler implements HttpHandler {

  /** Where the starter site's upload form posts. */
  public static final SitePath ENDPOINT = SitePath.parse("/upload");

  private static final Logger log = LoggerFactory.getLogger(UploadHandler.class);

  private final ServeContentUseCase content;
  private final StoreUploadUseCase uploads;
  private final RecordSubmissionUseCase submissions;
  private final UploadArea area;
  private final HttpHandler page;
  private final UploadLimits limits;
  private final MemoryBudget memory;

  /** Without a memory budget: for tests. */
  public UploadHandler(
      ServeContentUseCase content,
      StoreUploadUseCase uploads,
      RecordSubmissionUseCase submissions,
      UploadArea area,
      HttpHandler page,
      UploadLimits limits) {
    this(content, uploads, submissions, area, page, limits, MemoryBudget.unbounded());
  }

  /**
   * @param page serves a page that received a multipart form without files
   * @param memory the server's budget for request data in memory
   */
  public UploadHandler(
      ServeContentUseCase content,
      StoreUploadUseCase uploads,
      RecordSubmissionUseCase submissions,
      UploadArea area,
      HttpHandler page,
      UploadLimits limits,
      MemoryBudget memory) {
    this.content = Objects.requireNonNull(content, "content");
    this.uploads = Objects.requireNonNull(uploads, "uploads");
    this.submissions = Objects.requireNonNull(submissions, "submissions");
    this.area = Objects.requireNonNull(area, "area");
    this.page = Objects.requireNonNull(page, "page");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.memory = Objects.requireNonNull(memory, "memory");
  }

  @Override
  public HttpResponse handle(HttpRequest request) throws IOException {
    SitePath path = request.path();
    boolean endpoint = path.asFile().equals(ENDPOINT);
    if (!endpoint && !PostRequests.isPage(content, path)) {
      return ErrorResponses.of(404);
    }
    String boundary;
    try {
      boundary = MultipartBoundary.of(request.headers().first("Content-Type").orElse(""));
    } catch (HttpProtocolException e) {
      return PostRequests.closing(e.status(), e.safeReason());
    }
    OptionalLong length = request.contentLength();
    if (length.isPresent() && length.getAsLong() > limits.maxUploadSize()) {
      return PostRequests.closing(413, "Upload larger than " + limits.maxUploadSize() + " bytes");
    }
    if (length.isPresent() && length.getAsLong() > uploads.usableSpace()) {
      log.warn("Refused an upload of {} bytes: not enough free space", length.getAsLong());
      return PostRequests.closing(507, "The server has no room to store this");
    }

    try (MemoryLease uploadMemory = memory.lease()) { // until the text fields are recorded
      uploadMemory.reserve(MultipartReader.BUFFER_BYTES);
      return store(request, boundary, endpoint, uploadMemory);
    } catch (RequestMemoryExhaustedException e) {
      return PostRequests.busy(); // (a partial batch was discarded by its close)
    }
  }

  private HttpResponse store(HttpRequest request, String boundary, boolean endpoint, MemoryLease uploadMemory)
      throws IOException {
    SitePath path = request.path();
    BoundedBody body = new BoundedBody(request.body(), limits.maxUploadSize());
    MultipartReader reader = new MultipartReader(body, boundary, limits.multipart());
    List<FormField> fields = new ArrayList<>();
    ImmutableList<StoredFile> stored;
    try (UploadBatch batch = uploads.begin()) {
      TextBudget text = new TextBudget(limits.maxTextBytes(), uploadMemory);
      MultipartPart part;
      while ((part = reader.nextPart()) != null) {
        if (part.isFile()) {
          addFile(batch, part);
        } else {
          fields.add(new FormField(part.name(), text.read(part.body())));
        }
      }
      if (batch.size() == 0) {
        return withoutFiles(request, endpoint, fields);
      }
      stored = batch.commit();
    } catch (MalformedBodyException e) {
      return PostRequests.closing(e.status(), e.safeReason());
    } catch (BodyTooLargeException e) {
      return PostRequests.closing(413, "Upload larger than " + limits.maxUploadSize() + " bytes");
    } catch (RequestMemoryExhaustedException e) {
      throw e; // answered by handle(): not the store's failure
    } catch (IOException e) {
      if (body.clientFailed()) {
        throw e; // the client went away or stalled: nothing to answer, the batch is gone
      }
      return PostRequests.storageFailure(e, log, "an upload", request);
    }

    if (!fields.isEmpty()) {
      List<String> names = stored.stream().map(StoredFile::name).toList();
      try {
        submissions.record(path, PostRequests.remoteAddress(request), fields, names);
      } catch (IOException e) {
        return PostRequests.storageFailure(e, log, "the fields of an upload", request);
      }
    }
    return UploadResponses.created(stored, area, AcceptHeader.prefersJson(request.headers()));
  }

  /**
   * Streams one file part into the batch. An empty file input makes browsers send a part with an
   * empty file name and no content: that is no file at all and is skipped.
   */
  private static void addFile(UploadBatch batch, MultipartPart part) throws IOException {
    String fileName = part.fileName().orElseThrow();
    InputStream content = part.body();
    if (fileName.isEmpty()) {
      int first = content.read();
      if (first == -1) {
        return;
      }
      content = new SequenceInputStream(new ByteArrayInputStream(new byte[] {(byte) first}), content);
    }
    batch.add(fileName, content);
  }

  /** A multipart form that carried no file: a page gets the form's treatment, /upload a 400. */
  private HttpResponse withoutFiles(HttpRequest request, boolean endpoint, List<FormField> fields)
      throws IOException {
    if (endpoint) {
      return PostRequests.closing(400, "No file in the upload");
    }
    try {
      submissions.record(request.path(), PostRequests.remoteAddress(request), fields);
    } catch (IOException e) {
      return PostRequests.storageFailure(e, log, "a form submission", request);
    }
    return page.handle(request);
  }

  /**
   * Text fields are kept in memory to be recorded: their total size is bounded per upload, and
   * every byte is reserved from the server's budget ({@link MemoryBudget#TEXT_BYTE_COST} per
   * byte) before it is read into memory.
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
