package dev.mtserver.domain.resumable;

import dev.mtserver.domain.form.FormField;
import dev.mtserver.domain.form.RecordSubmissionUseCase;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.resumable.ResumableUploadStorePort.Hold;
import dev.mtserver.domain.upload.DeferredSecureRandom;
import dev.mtserver.domain.upload.UploadArea;
import java.io.EOFException;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * Implements {@link ResumableUploadUseCase} over a {@link ResumableUploadStorePort}: the protocol's
 * rules (offsets must match, lengths are declared once, checksums are checked before anything is
 * kept), the server's policy ({@link ResumableUploadLimits}, expiry moved forward by each chunk,
 * the stored name from {@link StoredNames}), and the order that keeps the promises: a chunk is
 * written, then verified, then kept, and only then acknowledged.
 *
 * <p><b>One request at a time per upload.</b> An upload being appended to or terminated is marked
 * in use in this process, and held in the store (which extends that to other processes sharing it);
 * a second request meanwhile gets {@link AppendOutcome.Locked}. Asking where an upload stands
 * ({@link #status}) never waits: it reports the last durable offset.
 *
 * <p><b>Long chunks are kept in stages.</b> A chunk of declared length without a checksum is made
 * durable every {@link #CHECKPOINT_BYTES} bytes, so a crash in the middle of a 2 GiB chunk costs at
 * most that much; the offset a client then finds is one the store really kept. A chunk with a
 * checksum cannot be kept before it is verified whole, and a chunk of unknown length could still
 * turn out too large, so both are kept at their end only.
 *
 * <p><b>Limits are checked under one lock</b> when an upload is created (and when a deferred one
 * grows), against what the store lists, so concurrent creations in this process cannot overrun them
 * together. Several processes sharing a store each check against the same list, but not under one
 * lock: together they may overrun the bounds by the uploads created at the same moment.
 *
 * <p><b>A note travels with the file.</b> The multipart form records its text fields (the starter
 * site's optional "Note") as a form submission naming the files stored with it. A tus upload
 * carries such a note in its metadata ({@link #NOTE_KEY}); when the upload is published, the note
 * is recorded the same way, through the {@link RecordSubmissionUseCase} this service was given,
 * posted to {@link #NOTES_PATH} by the client whose chunk completed the upload, with the stored
 * file's name. As with a multipart form, the file is published first: a failure to record the note
 * fails the request, but the file stays stored.
 *
 * <p>Thread-safe; no threads of its own (the periodic sweep runs on the caller's scheduler, see
 * {@link ExpirySweeper}).
 */
public final class ResumableUploadService implements ResumableUploadUseCase {

  /** How many bytes of a long chunk may be written before they are kept: 64 MiB. */
  public static final long CHECKPOINT_BYTES = 64L << 20;

  /** The metadata key whose value is recorded, like a form's note, when the upload is published. */
  public static final String NOTE_KEY = "note";

  /** The path a tus upload's note is recorded as posted to: the tus endpoint. */
  public static final SitePath NOTES_PATH = SitePath.parse("/files/");

  private final ResumableUploadStorePort store;
  private final ResumableUploadLimits limits;
  private final UploadArea uploadArea;
  private final InstantSource clock;
  private final RandomGenerator random;
  private final Optional<RecordSubmissionUseCase> notes;
  private final Set<UploadId> inUse = ConcurrentHashMap.newKeySet();
  private final ReentrantLock admission = new ReentrantLock();
  private final long checkpointBytes;

  /**
   * @param uploadArea where published files appear in the site, for the location reported
   * @param notes records an upload's {@link #NOTE_KEY} when it is published
   */
  public ResumableUploadService(
      ResumableUploadStorePort store,
      ResumableUploadLimits limits,
      UploadArea uploadArea,
      RecordSubmissionUseCase notes) {
    this(
        store,
        limits,
        uploadArea,
        InstantSource.system(),
        new DeferredSecureRandom(),
        CHECKPOINT_BYTES,
        Optional.of(notes));
  }

  /** Without a submission log: an upload's note is not recorded. For tests of the protocol. */
  public ResumableUploadService(
      ResumableUploadStorePort store, ResumableUploadLimits limits, UploadArea uploadArea) {
    this(store, limits, uploadArea, InstantSource.system(), new DeferredSecureRandom());
  }

  /** With a clock and a source of ids of the caller's choosing: for tests. */
  public ResumableUploadService(
      ResumableUploadStorePort store,
      ResumableUploadLimits limits,
      UploadArea uploadArea,
      InstantSource clock,
      RandomGenerator random) {
    this(store, limits, uploadArea, clock, random, CHECKPOINT_BYTES, Optional.empty());
  }

  /** With smaller stages, so a test can cross them without gigabytes. */
  ResumableUploadService(
      ResumableUploadStorePort store,
      ResumableUploadLimits limits,
      UploadArea uploadArea,
      InstantSource clock,
      RandomGenerator random,
      long checkpointBytes) {
    this(store, limits, uploadArea, clock, random, checkpointBytes, Optional.empty());
  }

  /** The full form: with {@code notes} empty, an upload's note is not recorded. */
  ResumableUploadService(
      ResumableUploadStorePort store,
      ResumableUploadLimits limits,
      UploadArea uploadArea,
      InstantSource clock,
      RandomGenerator random,
      long checkpointBytes,
      Optional<RecordSubmissionUseCase> notes) {
    this.checkpointBytes = checkpointBytes;
    this.notes = Objects.requireNonNull(notes, "notes");
    this.store = Objects.requireNonNull(store, "store");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.uploadArea = Objects.requireNonNull(uploadArea, "uploadArea");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  @Override
  public ResumableUploadLimits limits() {
    return limits;
  }

  @Override
  public CreateOutcome create(OptionalLong length, UploadMetadata metadata) throws IOException {
    Objects.requireNonNull(metadata, "metadata");
    if (length.isPresent() && length.getAsLong() > limits.maxUploadSize()) {
      return new CreateOutcome.TooLarge(limits.maxUploadSize());
    }
    ResumableUpload upload;
    admission.lock();
    try {
      Instant now = clock.instant();
      List<ResumableUpload> unfinished = unfinished(now);
      if (unfinished.size() >= limits.maxUnfinishedUploads()) {
        return new CreateOutcome.TooManyUploads(limits.maxUnfinishedUploads());
      }
      long room = Math.min(limits.maxUnfinishedBytes() - reserved(unfinished), store.usableSpace());
      if (length.orElse(0) > room) {
        return new CreateOutcome.InsufficientStorage(Math.max(0, room));
      }
      upload =
          ResumableUpload.started(UploadId.random(random), length, metadata, now, expiryFrom(now));
      store.create(upload);
    } finally {
      admission.unlock();
    }
    if (upload.hasAllBytes()) { // an empty file: complete from the start
      upload = publishIfFree(upload.id(), AppendRequest.UNKNOWN_CLIENT).orElse(upload);
    }
    return new CreateOutcome.Created(statusOf(upload));
  }

  @Override
  public StatusOutcome status(UploadId id) throws IOException {
    Optional<ResumableUpload> found = store.find(id);
    if (found.isEmpty()) {
      return new StatusOutcome.Unknown();
    }
    ResumableUpload upload = found.get();
    if (upload.isExpired(clock.instant())) {
      return new StatusOutcome.Gone();
    }
    if (upload.hasAllBytes() && !upload.isPublished()) {
      // a crash came between its last byte and its name
      upload = publishIfFree(id, AppendRequest.UNKNOWN_CLIENT).orElse(upload);
    }
    return new StatusOutcome.Found(statusOf(upload));
  }

  @Override
  public AppendOutcome append(AppendRequest request) throws IOException {
    UploadId id = request.id();
    if (!inUse.add(id)) {
      return new AppendOutcome.Locked();
    }
    try {
      return switch (store.hold(id)) {
        case Hold.Missing missing -> new AppendOutcome.Unknown();
        case Hold.Busy busy -> new AppendOutcome.Locked();
        case Hold.Held held -> {
          try (HeldUpload upload = held.upload()) {
            yield append(upload, request);
          }
        }
      };
    } finally {
      inUse.remove(id);
    }
  }

  private AppendOutcome append(HeldUpload held, AppendRequest request) throws IOException {
    ResumableUpload upload = held.upload();
    if (upload.isExpired(clock.instant())) {
      return new AppendOutcome.Gone();
    }
    if (request.offset() != upload.offset()) {
      return new AppendOutcome.OffsetMismatch(upload.offset());
    }
    if (request.uploadLength().isPresent()) {
      Optional<AppendOutcome> refused = declareLength(held, request.uploadLength().getAsLong());
      if (refused.isPresent()) {
        return refused.get();
      }
      upload = held.upload();
    }
    Allowance allowance = allowance(upload);
    if (request.chunkLength().orElse(0) > allowance.bytes()) {
      return allowance.refusal();
    }
    if (upload.isPublished()) {
      // Every byte is in already: only an empty chunk fits, and there is nothing to write.
      return request.content().read() < 0
          ? new AppendOutcome.Appended(statusOf(upload))
          : allowance.refusal();
    }
    Optional<AppendOutcome> refused = receive(held, request, allowance);
    if (refused.isPresent()) {
      return refused.get();
    }
    upload = held.upload();
    if (upload.hasAllBytes()) {
      upload = publish(held, request.remoteAddress());
    }
    return new AppendOutcome.Appended(statusOf(upload));
  }

  /** Records a deferred length, or checks that a repeated one is the same; a refusal if not. */
  private Optional<AppendOutcome> declareLength(HeldUpload held, long length) throws IOException {
    ResumableUpload upload = held.upload();
    if (upload.length().isPresent()) {
      return upload.length().getAsLong() == length
          ? Optional.empty()
          : Optional.of(
              new AppendOutcome.LengthConflict(
                  "the upload's length was declared already, and differs"));
    }
    if (length < upload.offset()) {
      return Optional.of(
          new AppendOutcome.LengthConflict("the declared length is below the bytes received"));
    }
    if (length > limits.maxUploadSize()) {
      return Optional.of(new AppendOutcome.TooLarge(limits.maxUploadSize()));
    }
    long room = roomToGrow(upload);
    if (length - upload.offset() > room) {
      return Optional.of(new AppendOutcome.InsufficientStorage(room));
    }
    held.declareLength(length);
    return Optional.empty();
  }

  /** How many more bytes an upload may take, and how to refuse one more. */
  private record Allowance(long bytes, AppendOutcome refusal) {}

  private Allowance allowance(ResumableUpload upload) throws IOException {
    if (upload.length().isPresent()) {
      long length = upload.length().getAsLong();
      return new Allowance(length - upload.offset(), new AppendOutcome.TooLarge(length));
    }
    long bySize = limits.maxUploadSize() - upload.offset();
    long byRoom = roomToGrow(upload);
    return bySize <= byRoom
        ? new Allowance(bySize, new AppendOutcome.TooLarge(limits.maxUploadSize()))
        : new Allowance(byRoom, new AppendOutcome.InsufficientStorage(byRoom));
  }

  /** How much a deferred upload may grow within the bound on unfinished bytes. */
  private long roomToGrow(ResumableUpload upload) throws IOException {
    admission.lock();
    try {
      List<ResumableUpload> others =
          unfinished(clock.instant()).stream()
              .filter(other -> !other.id().equals(upload.id()))
              .toList();
      return Math.max(0, limits.maxUnfinishedBytes() - reserved(others) - upload.offset());
    } finally {
      admission.unlock();
    }
  }

  /**
   * Streams the chunk into the upload: verified, then kept. Empty when it was kept; a refusal when
   * nothing of it was. Throws, after keeping what arrived, when the client's body fails.
   */
  private Optional<AppendOutcome> receive(
      HeldUpload held, AppendRequest request, Allowance allowance) throws IOException {
    ChunkSink sink = held.startChunk();
    MessageDigest digest = request.checksum().map(c -> c.algorithm().newDigest()).orElse(null);
    boolean stages = digest == null && request.chunkLength().isPresent();
    ChunkOutput out =
        new ChunkOutput(
            sink,
            digest,
            allowance.bytes(),
            stages ? checkpointBytes : Long.MAX_VALUE,
            () -> expiryFrom(clock.instant()));
    try {
      request.content().transferTo(out);
    } catch (IOException e) {
      if (out.overflowed()) {
        sink.discard();
        return Optional.of(allowance.refusal());
      }
      if (out.storeFailure() != null) {
        sink.discard();
        throw e;
      }
      keepWhatArrived(sink, digest, e); // the client's body failed: it will resume after these
      throw e;
    }
    long declared = request.chunkLength().orElse(out.total());
    if (out.total() < declared) {
      EOFException early =
          new EOFException("the chunk ended after " + out.total() + " of " + declared + " bytes");
      keepWhatArrived(sink, digest, early);
      throw early;
    }
    if (digest != null && !request.checksum().orElseThrow().matches(digest.digest())) {
      sink.discard();
      return Optional.of(new AppendOutcome.ChecksumMismatch());
    }
    sink.keep(expiryFrom(clock.instant()));
    return Optional.empty();
  }

  /** Keeps the bytes of a chunk cut short, unless a checksum was sent: those cannot be verified. */
  private void keepWhatArrived(ChunkSink sink, MessageDigest digest, IOException cause) {
    if (digest != null) {
      sink.discard();
      return;
    }
    try {
      sink.keep(expiryFrom(clock.instant()));
    } catch (IOException e) {
      sink.discard();
      cause.addSuppressed(e);
    }
  }

  @Override
  public TerminateOutcome terminate(UploadId id) throws IOException {
    if (!inUse.add(id)) {
      return new TerminateOutcome.Locked();
    }
    try {
      return switch (store.hold(id)) {
        case Hold.Missing missing -> new TerminateOutcome.Unknown();
        case Hold.Busy busy -> new TerminateOutcome.Locked();
        case Hold.Held held -> {
          try (HeldUpload upload = held.upload()) {
            upload.delete();
          }
          yield new TerminateOutcome.Terminated();
        }
      };
    } finally {
      inUse.remove(id);
    }
  }

  @Override
  public SweepReport sweep() throws IOException {
    int expired = 0;
    int published = 0;
    int busy = 0;
    List<IOException> failures = new ArrayList<>();
    Instant now = clock.instant();
    for (ResumableUpload upload : store.list()) {
      try {
        if (upload.isExpired(now)) {
          switch (removeIfExpired(upload.id(), now)) {
            case REMOVED -> expired++;
            case BUSY -> busy++;
            case LEFT -> {}
          }
        } else if (upload.hasAllBytes()
            && !upload.isPublished()
            && publishIfFree(upload.id(), AppendRequest.UNKNOWN_CLIENT)
                .filter(ResumableUpload::isPublished)
                .isPresent()) {
          published++;
        }
      } catch (IOException e) {
        failures.add(e);
      }
    }
    return new SweepReport(expired, published, busy, failures);
  }

  private enum Removal {
    REMOVED,
    BUSY,
    LEFT
  }

  private Removal removeIfExpired(UploadId id, Instant now) throws IOException {
    if (!inUse.add(id)) {
      return Removal.BUSY;
    }
    try {
      return switch (store.hold(id)) {
        case Hold.Missing missing -> Removal.LEFT;
        case Hold.Busy busy -> Removal.BUSY;
        case Hold.Held held -> {
          try (HeldUpload upload = held.upload()) {
            if (!upload.upload().isExpired(now)) {
              yield Removal.LEFT; // a chunk arrived since the list was read
            }
            upload.delete();
            yield Removal.REMOVED;
          }
        }
      };
    } finally {
      inUse.remove(id);
    }
  }

  /**
   * Publishes an upload whose last byte is in, unless someone holds it (they will); the upload as
   * it then stands, or empty when it was busy or gone.
   */
  private Optional<ResumableUpload> publishIfFree(UploadId id, String client) throws IOException {
    if (!inUse.add(id)) {
      return Optional.empty();
    }
    try {
      if (!(store.hold(id) instanceof Hold.Held held)) {
        return Optional.empty();
      }
      try (HeldUpload upload = held.upload()) {
        ResumableUpload current = upload.upload();
        return Optional.of(
            current.hasAllBytes() && !current.isPublished() ? publish(upload, client) : current);
      }
    } finally {
      inUse.remove(id);
    }
  }

  /** Publishes the upload, then records its note (if it has one and notes are recorded). */
  private ResumableUpload publish(HeldUpload held, String client) throws IOException {
    ResumableUpload published =
        held.publish(StoredNames.of(held.upload().metadata()), expiryFrom(clock.instant()));
    Optional<String> note = published.metadata().text(NOTE_KEY).filter(n -> !n.isBlank());
    if (note.isPresent() && notes.isPresent() && published.stored().isPresent()) {
      notes
          .get()
          .record(
              NOTES_PATH,
              client,
              List.of(new FormField(NOTE_KEY, note.get())),
              List.of(published.stored().get().name()));
    }
    return published;
  }

  private List<ResumableUpload> unfinished(Instant now) throws IOException {
    return store.list().stream().filter(u -> !u.isPublished() && !u.isExpired(now)).toList();
  }

  private static long reserved(List<ResumableUpload> uploads) {
    long sum = 0;
    for (ResumableUpload upload : uploads) {
      sum = saturatedAdd(sum, upload.reservedBytes());
    }
    return sum;
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  private Instant expiryFrom(Instant now) {
    return now.plus(limits.expiry());
  }

  private UploadStatus statusOf(ResumableUpload upload) {
    return new UploadStatus(
        upload, upload.stored().flatMap(file -> uploadArea.pathOf(file.name())));
  }
}
