package dev.mtserver.storage.s3;

import dev.mtserver.domain.content.EntityTag;
import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.domain.upload.StoredFile;
import dev.mtserver.domain.upload.named.FileChangedException;
import dev.mtserver.domain.upload.named.NameTakenException;
import dev.mtserver.domain.upload.named.NamedPendingUpload;
import dev.mtserver.domain.upload.named.PublishedFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * One file on its way into the object store. Its states, in order: {@link State#WRITING}, {@link
 * State#SEALED} (every byte in), then {@link State#COMMITTED} or {@link State#ABORTED}.
 *
 * <p>Bytes collect in a {@link PartBuffer}. A file that fits in one part is sent whole by one
 * {@code PutObject} at commit. A larger one becomes a multipart upload when its first part is full:
 * its name is claimed then ({@link NameClaims}), because a multipart upload's key cannot change,
 * and each full part is sent as the next one arrives. Nothing is visible under the name before
 * {@code PutObject} or {@code CompleteMultipartUpload}, which happen only in {@link #commit}, and
 * both carry {@code If-None-Match: *} for stores that honour it. Any failure aborts the upload (the
 * multipart upload is aborted, the claim given back, the memory released) before it is thrown.
 *
 * <p>Begun for an exact name ({@link S3UploadStore#beginNamed}, ADR 0046), it never takes another
 * name: it <em>holds</em> the name ({@link NameClaims#hold}: no other instance's upload,
 * replacement or removal of it proceeds meanwhile), checks the object right before publishing
 * ({@link #commitNew}: none; {@link #commitReplacing}: the expected tag), and sends the matching
 * condition ({@code If-None-Match: *} or {@code If-Match}) for the stores that honour it.
 */
final class S3PendingUpload implements NamedPendingUpload {

  private static final Logger log = LoggerFactory.getLogger(S3PendingUpload.class);

  /** S3's limit on parts per multipart upload. */
  static final int MAX_PARTS = 10_000;

  /**
   * How many times a name the store itself reports taken ({@code 412}) sends a small file to the
   * next one.
   */
  private static final int MAX_TAKEN_BY_STORE = 3;

  enum State {
    WRITING,
    SEALED,
    COMMITTED,
    ABORTED
  }

  private final S3Client client;
  private final S3Location location;
  private final S3Failures failures;
  private final NameClaims claims;
  private final String safeName;
  private final PartBuffer buffer;

  /** Set when begun for an exact name: then only {@code commitNew}/{@code commitReplacing}. */
  private final NamedObjects exact;

  private State state = State.WRITING;
  private long size;
  private NameClaims.Claim claim;
  private String uploadId;
  private final List<CompletedPart> parts = new ArrayList<>();

  S3PendingUpload(
      S3Client client,
      S3Location location,
      S3Failures failures,
      NameClaims claims,
      String safeName,
      PartBuffer buffer) {
    this(client, location, failures, claims, safeName, buffer, null);
  }

  /** An upload that is published under exactly {@code name} or not at all. */
  static S3PendingUpload named(
      S3Client client,
      S3Location location,
      S3Failures failures,
      NameClaims claims,
      String name,
      PartBuffer buffer,
      NamedObjects objects) {
    return new S3PendingUpload(
        client, location, failures, claims, name, buffer, Objects.requireNonNull(objects));
  }

  private S3PendingUpload(
      S3Client client,
      S3Location location,
      S3Failures failures,
      NameClaims claims,
      String safeName,
      PartBuffer buffer,
      NamedObjects exact) {
    this.client = client;
    this.location = location;
    this.failures = failures;
    this.claims = claims;
    this.safeName = safeName;
    this.buffer = buffer;
    this.exact = exact;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    requireState(State.WRITING);
    try {
      int done = 0;
      while (done < length) {
        if (buffer.isFull()) {
          sendPart(); // only when more bytes come: a file of exactly one part stays a single PUT
        }
        int n = buffer.write(bytes, offset + done, length - done);
        done += n;
        size += n;
      }
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
  }

  /**
   * Every byte is in: a multipart upload sends its last part and gives its memory back now, so a
   * request of many large files holds one part at a time, not one per file. A file that fits in one
   * part keeps it until {@link #commit}. On failure the upload is aborted.
   */
  @Override
  public void seal() throws IOException {
    requireState(State.WRITING);
    try {
      if (uploadId != null) {
        if (buffer.size() > 0) { // always so: a full part is sent only when more bytes follow
          sendPart();
        }
        buffer.release();
      }
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
    state = State.SEALED;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public StoredFile commit() throws IOException {
    if (exact != null) {
      throw new IllegalStateException("begun for an exact name: commitNew or commitReplacing");
    }
    if (state == State.WRITING) {
      seal();
    }
    requireState(State.SEALED);
    try {
      StoredFile stored = uploadId == null ? putWhole() : completeMultipart();
      state = State.COMMITTED;
      return stored;
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    } finally {
      buffer.release();
    }
  }

  @Override
  public void abort() {
    if (state == State.COMMITTED || state == State.ABORTED) {
      return;
    }
    state = State.ABORTED;
    if (uploadId != null) {
      String id = uploadId;
      uploadId = null;
      try {
        client.abortMultipartUpload(b -> b.bucket(location.bucket()).key(claim.key()).uploadId(id));
      } catch (SdkException e) {
        log.warn(
            "Could not abort the unfinished upload of {}: {} (the start-up sweep will)",
            claim.key(),
            S3Failures.oneLine(e));
      }
    }
    if (claim != null) {
      claims.release(claim);
      claim = null;
    }
    buffer.release();
  }

  /**
   * Publishes under the exact name, which must be free: held, checked with {@code HeadObject} right
   * before the write, and the write carries {@code If-None-Match: *}.
   *
   * @throws NameTakenException when an object has the name, or another upload held it throughout
   */
  @Override
  public PublishedFile commitNew() throws IOException {
    return commitExact(Optional.empty());
  }

  /**
   * Publishes in place of the object of the name if its tag is still {@code expected}: held, its
   * tag checked right before the write, and the write carries {@code If-Match} with the store's
   * {@code ETag} (AWS S3 honours it; S3Proxy 2.7.0 ignores it, and the check before is what holds
   * there). One {@code PutObject} or {@code CompleteMultipartUpload} replaces the object
   * atomically: a reader sees the old bytes or the new.
   *
   * @throws FileChangedException when the object is gone, has another tag, or another upload held
   *     its name throughout
   */
  @Override
  public PublishedFile commitReplacing(EntityTag expected) throws IOException {
    return commitExact(Optional.of(Objects.requireNonNull(expected, "expected")));
  }

  private PublishedFile commitExact(Optional<EntityTag> replacing) throws IOException {
    if (exact == null) {
      throw new IllegalStateException("not begun for an exact name");
    }
    if (state == State.WRITING) {
      seal();
    }
    requireState(State.SEALED);
    try {
      if (claim == null) { // a file of one part holds its name only now
        claim = claims.hold(safeName).orElseThrow(() -> refused(replacing));
      } else if (claims.needsRefresh(claim)) {
        claim = claims.refresh(claim);
      }
      Optional<ObjectMeta> current = exact.head(safeName);
      String ifMatch = null;
      if (replacing.isPresent()) {
        if (current.isEmpty() || !current.get().validator().entityTag().equals(replacing.get())) {
          throw new FileChangedException(safeName);
        }
        ifMatch = current.get().entityTag().map(EntityTag::value).orElse(null);
      } else if (current.isPresent()) {
        throw new NameTakenException(safeName);
      }
      if (uploadId == null) {
        putExact(ifMatch);
      } else {
        completeExact(ifMatch);
      }
      uploadId = null;
      state = State.COMMITTED;
      try {
        return new PublishedFile(safeName, size, publishedTag());
      } finally {
        claims.release(claim);
        claim = null;
      }
    } catch (SdkException e) {
      IOException failure =
          isNameTaken(e)
              ? refused(replacing) // the store honoured the condition: another version is there
              : failures.translate("publish " + location.prefix() + safeName, e);
      abort();
      throw failure;
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    } finally {
      buffer.release();
    }
  }

  private IOException refused(Optional<EntityTag> replacing) {
    return replacing.isPresent()
        ? new FileChangedException(safeName)
        : new NameTakenException(safeName);
  }

  /** A multipart upload's key is fixed from its first part: it holds its exact name from then. */
  private NameClaims.Claim holdForParts() throws IOException {
    return claims
        .hold(safeName)
        .orElseThrow(
            () ->
                new StoreUnavailableException(
                    StoreUnavailableException.Reason.UNREACHABLE,
                    failures.store()
                        + ": another upload or change of '"
                        + safeName
                        + "' is under way; try again",
                    null));
  }

  /** One conditional {@code PutObject}. */
  private void putExact(String ifMatch) {
    client.putObject(
        b ->
            b.bucket(location.bucket())
                .key(claim.key())
                .ifMatch(ifMatch)
                .ifNoneMatch(ifMatch == null ? "*" : null)
                .contentLength((long) buffer.size()),
        buffer.body());
  }

  /** One conditional {@code CompleteMultipartUpload}. */
  private void completeExact(String ifMatch) {
    client.completeMultipartUpload(
        b ->
            b.bucket(location.bucket())
                .key(claim.key())
                .uploadId(uploadId)
                .ifMatch(ifMatch)
                .ifNoneMatch(ifMatch == null ? "*" : null)
                .multipartUpload(m -> m.parts(parts)));
  }

  /**
   * The tag a {@code GET} serves for what was just written, asked of the store while the name is
   * still held (so no other instance's change can be what answers). Not the write's own answer:
   * S3Proxy answers {@code CompleteMultipartUpload} with an {@code md5-of-md5s-N} tag and then
   * serves the object under its plain MD5, and a client must be able to send back what a {@code
   * GET} gave it.
   */
  private EntityTag publishedTag() throws IOException {
    return exact
        .entityTag(safeName)
        .orElseThrow(
            () ->
                new IOException(
                    failures.store()
                        + ": "
                        + location.prefix()
                        + safeName
                        + " was gone right after it was stored"));
  }

  State state() {
    return state;
  }

  private void requireState(State expected) {
    if (state != expected) {
      throw new IllegalStateException("upload is " + state + ", not " + expected);
    }
  }

  /** Sends the buffered bytes as the next part, starting the multipart upload first if need be. */
  private void sendPart() throws IOException {
    if (uploadId == null) {
      claim = exact == null ? claims.claim(safeName) : holdForParts();
      try {
        uploadId =
            client
                .createMultipartUpload(b -> b.bucket(location.bucket()).key(claim.key()))
                .uploadId();
      } catch (SdkException e) {
        throw failures.translate("start upload of " + claim.key(), e);
      }
    }
    if (claims.needsRefresh(claim)) {
      claim =
          claims.refresh(claim); // a long upload keeps its claim fresh: no sweep takes it for dead
    }
    int partNumber = parts.size() + 1;
    if (partNumber > MAX_PARTS) {
      throw new IOException(
          failures.store() + ": " + claim.key() + " would need more than " + MAX_PARTS + " parts");
    }
    String eTag;
    try {
      eTag =
          client
              .uploadPart(
                  b ->
                      b.bucket(location.bucket())
                          .key(claim.key())
                          .uploadId(uploadId)
                          .partNumber(partNumber)
                          .contentLength((long) buffer.size()),
                  buffer.body())
              .eTag();
    } catch (SdkException e) {
      throw failures.translate("PUT part " + partNumber + " of " + claim.key(), e);
    }
    parts.add(CompletedPart.builder().partNumber(partNumber).eTag(eTag).build());
    buffer.clear();
  }

  /** A file of at most one part: claim a name, then one conditional {@code PutObject}. */
  private StoredFile putWhole() throws IOException {
    for (int takenByStore = 0; ; takenByStore++) {
      claim = claims.claim(safeName);
      try {
        client.putObject(
            b ->
                b.bucket(location.bucket())
                    .key(claim.key())
                    .ifNoneMatch("*")
                    .contentLength((long) buffer.size()),
            buffer.body());
      } catch (SdkException e) {
        if (isNameTaken(e) && takenByStore < MAX_TAKEN_BY_STORE) {
          claims.release(claim); // written behind the claims' back; the store kept it: next name
          claim = null;
          continue;
        }
        throw failures.translate("PUT " + claim.key(), e);
      }
      return published();
    }
  }

  /**
   * A larger file: confirm the claim if it is old, then one conditional {@code
   * CompleteMultipartUpload}.
   */
  private StoredFile completeMultipart() throws IOException {
    if (claims.needsRefresh(claim)) {
      claim = claims.refresh(claim);
    }
    try {
      client.completeMultipartUpload(
          b ->
              b.bucket(location.bucket())
                  .key(claim.key())
                  .uploadId(uploadId)
                  .ifNoneMatch("*")
                  .multipartUpload(m -> m.parts(parts)));
    } catch (SdkException e) {
      if (isNameTaken(e)) {
        throw new IOException(
            failures.store()
                + ": "
                + claim.key()
                + " was written meanwhile by something that does not claim names; this upload is"
                + " dropped",
            e);
      }
      throw failures.translate("complete upload of " + claim.key(), e);
    }
    uploadId = null;
    return published();
  }

  private StoredFile published() {
    String name = claim.name();
    claims.release(claim);
    claim = null;
    return new StoredFile(name, size);
  }

  /** {@code 412}: the key exists; {@code 409}: a concurrent conditional write to it (AWS). */
  private static boolean isNameTaken(SdkException e) {
    return S3Failures.isStatus(e, 412) || S3Failures.isStatus(e, 409);
  }
}
