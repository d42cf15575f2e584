package dev.mtserver.storage.s3;

import dev.mtserver.domain.upload.PendingUpload;
import dev.mtserver.domain.upload.StoredFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
 */
final class S3PendingUpload implements PendingUpload {

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
    this.client = client;
    this.location = location;
    this.failures = failures;
    this.claims = claims;
    this.safeName = safeName;
    this.buffer = buffer;
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
      claim = claims.claim(safeName);
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
