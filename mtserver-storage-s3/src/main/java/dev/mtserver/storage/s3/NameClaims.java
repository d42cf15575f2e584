package dev.mtserver.storage.s3;

import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.domain.upload.NameCandidates;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Claims a free name in the upload area so that no stored file is ever overwritten, on every
 * S3-compatible store, including those that ignore {@code If-None-Match: *} (S3Proxy 2.7.0 does, on
 * {@code PutObject} and {@code CompleteMultipartUpload} alike). See ADR 0033.
 *
 * <p>To claim {@code NAME}, an uploader writes an intent object {@code .mtserver-claims/NAME/TOKEN}
 * (a random token of its own: no two uploaders ever write the same key), then lists {@code
 * .mtserver-claims/NAME/}. If its intent is the only fresh one there, and no object {@code NAME}
 * exists, the name is its own until it deletes the intent; if it sees another intent, it deletes
 * its own and backs off (once after a short random pause for the same name, then the next name).
 * With a store whose writes and listings are strongly consistent (AWS S3, MinIO, S3Proxy), two
 * uploaders can never both win: whichever lists second sees the other's intent, because that intent
 * was written before the first uploader's listing. Both may lose, and then both move on.
 *
 * <p>An intent older than the stale age is a dead instance's and is ignored (the start-up sweep
 * deletes it, and aborts the multipart upload it held). A living uploader keeps its intent fresh:
 * once a quarter of the stale age has passed since it was written, the next part or the commit
 * first writes it again ({@link #refresh}); one that went unrefreshed for most of the stale age is
 * dropped rather than trusted. Ages are measured in the store's clock (the listing's {@code Date}
 * header), so the instances' clocks do not matter.
 */
final class NameClaims {

  /** The hidden folder of intents, below the upload prefix: never served, never listed. */
  static final String FOLDER = ".mtserver-claims/";

  private static final int TOKEN_BYTES = 12;
  private static final int MAX_BACKOFF_MILLIS = 100;

  /**
   * How many listings of one claim may fail to give a consistent answer before the store is taken
   * to be unavailable (the upload is refused with "try again later", never stored unsafely).
   */
  static final int MAX_UNSETTLED = 6;

  /** How many times {@link #hold} finds another's fresh intent before it gives up. */
  static final int HOLD_ROUNDS = 3;

  private static final Logger log = LoggerFactory.getLogger(NameClaims.class);

  private final S3Client client;
  private final S3Location location;
  private final S3Failures failures;
  private final Duration staleAge;
  private final SecureRandom random = new SecureRandom();

  NameClaims(S3Client client, S3Location location, S3Failures failures, Duration staleAge) {
    this.client = client;
    this.location = location;
    this.failures = failures;
    this.staleAge = staleAge;
  }

  /**
   * A name held for one uploader until {@link #release}.
   *
   * @param name the file name
   * @param key the object key the file will be stored under
   * @param intentKey the uploader's intent
   * @param claimedAtNanos when the intent was last written, in {@link System#nanoTime()}
   */
  record Claim(String name, String key, String intentKey, long claimedAtNanos) {}

  /**
   * Claims the first free candidate of {@code safeName} (the domain's {@link NameCandidates}, the
   * file-system store's order).
   *
   * @throws StoreUnavailableException when the names were contended, or the store's listings kept
   *     failing or missing the claim just written: the upload may be tried again later
   * @throws IOException when every candidate is taken, or the store fails
   */
  Claim claim(String safeName) throws IOException {
    int unsettled = 0;
    boolean contended = false;
    candidates:
    for (int candidate = 0; candidate < NameCandidates.MAX_ATTEMPTS; candidate++) {
      String name = NameCandidates.candidate(safeName, candidate, random);
      for (int round = 0; round < 2; round++) {
        Attempt attempt = tryClaim(name, true);
        switch (attempt.outcome()) {
          case CLAIMED -> {
            return attempt.claim();
          }
          case TAKEN -> {
            continue candidates; // an object has this name: the next candidate
          }
          case CONTENDED -> contended = true;
          case UNSETTLED -> {
            contended = true;
            if (++unsettled >= MAX_UNSETTLED) {
              throw new StoreUnavailableException(
                  StoreUnavailableException.Reason.UNREACHABLE,
                  failures.store()
                      + ": "
                      + unsettled
                      + " listings of claims for '"
                      + safeName
                      + "' failed or missed the claim just written; the upload is refused, not"
                      + " risked",
                  null);
            }
          }
        }
        pause(); // contended or unsettled: let one of us go first, then try once more
      }
    }
    String message =
        failures.store()
            + ": no free name for '"
            + safeName
            + "' after "
            + NameCandidates.MAX_ATTEMPTS
            + " candidates";
    if (contended) { // others held names we wanted: a later try will find one free
      throw new StoreUnavailableException(
          StoreUnavailableException.Reason.UNREACHABLE, message, null);
    }
    throw new IOException(message);
  }

  /**
   * Writes the claim's intent again, so nobody takes it for a dead instance's. No listing is
   * needed: while an intent stays younger than the stale age, every other uploader that lists it
   * backs off, so nobody can have won the name meanwhile. A claim that may already have looked
   * stale to others (within an eighth of the stale age of it) is refused instead.
   *
   * @return the refreshed claim
   * @throws IOException when the claim went unrefreshed too long (the upload must be dropped: the
   *     name may have been taken), or the store fails
   */
  Claim refresh(Claim claim) throws IOException {
    long now = System.nanoTime();
    requireUsable(claim, now);
    putIntent(claim.intentKey());
    return new Claim(claim.name(), claim.key(), claim.intentKey(), now);
  }

  /** True when the claim is a quarter of the stale age old: {@link #refresh} it before using it. */
  boolean needsRefresh(Claim claim) {
    return System.nanoTime() - claim.claimedAtNanos() > staleAge.toNanos() / 4;
  }

  /**
   * Throws unless the claim is still surely fresh in every other uploader's eyes, measured from
   * before its intent was last written (so the store's own age of it can only be smaller).
   */
  void requireUsable(Claim claim, long nowNanos) throws IOException {
    long limit = staleAge.toNanos() - staleAge.toNanos() / 8;
    if (nowNanos - claim.claimedAtNanos() >= limit) {
      throw new IOException(
          failures.store()
              + ": the claim on '"
              + claim.name()
              + "' went unrefreshed for most of the stale age; another upload may have taken the"
              + " name");
    }
  }

  /** Gives the name back (deletes the intent). Never fails: a left-over intent only ages out. */
  void release(Claim claim) {
    deleteQuietly(claim.intentKey());
  }

  /**
   * Holds exactly {@code name}, whether or not an object has it, so that no other uploader claims
   * or holds it meanwhile: what a write under an exact name ({@code PUT /downloads/NAME}, new or
   * replacing) and a removal take before they check the object's tag and change it (ADR 0046). The
   * caller checks the object itself; this only keeps other instances' claims out.
   *
   * @return the claim; empty when another uploader held the name in every round (tried {@value
   *     #HOLD_ROUNDS} times, with a short random pause between)
   * @throws StoreUnavailableException when the store's listings kept failing or missing the claim
   *     just written
   */
  Optional<Claim> hold(String name) throws IOException {
    int unsettled = 0;
    int contended = 0;
    while (true) {
      Attempt attempt = tryClaim(name, false);
      switch (attempt.outcome()) {
        case CLAIMED -> {
          return Optional.of(attempt.claim());
        }
        case TAKEN, CONTENDED -> { // TAKEN is never the answer when the object is not checked
          if (++contended >= HOLD_ROUNDS) {
            return Optional.empty();
          }
        }
        case UNSETTLED -> {
          if (++unsettled >= MAX_UNSETTLED) {
            throw new StoreUnavailableException(
                StoreUnavailableException.Reason.UNREACHABLE,
                failures.store()
                    + ": "
                    + unsettled
                    + " listings of claims for '"
                    + name
                    + "' failed or missed the claim just written; the change is refused, not"
                    + " risked",
                null);
          }
        }
      }
      pause();
    }
  }

  /**
   * One try at {@code name}: write an intent, list, (if {@code mustBeFree}) check no object has the
   * name, list again.
   */
  private Attempt tryClaim(String name, boolean mustBeFree) throws IOException {
    String intentKey = intentPrefix(name) + HexFormat.of().formatHex(token());
    long claimedAt = System.nanoTime();
    putIntent(intentKey);
    boolean ok = false;
    try {
      switch (othersClaim(name, intentKey)) {
        case OTHERS -> {
          return new Attempt(Outcome.CONTENDED, null);
        }
        case UNSETTLED -> {
          return new Attempt(Outcome.UNSETTLED, null);
        }
        case OURS_ALONE -> {}
      }
      String key = location.prefix() + name;
      if (mustBeFree && exists(key)) {
        return new Attempt(Outcome.TAKEN, null);
      }
      // Once more, after the HEAD: a store whose listing can miss a key that a concurrent delete
      // in the same folder raced (S3Proxy's nio2 stores end a folder's listing early then) would
      // have to miss the other's intent twice in a row to let two uploaders both proceed.
      switch (othersClaim(name, intentKey)) {
        case OTHERS -> {
          return new Attempt(Outcome.CONTENDED, null);
        }
        case UNSETTLED -> {
          return new Attempt(Outcome.UNSETTLED, null);
        }
        case OURS_ALONE -> {}
      }
      ok = true;
      return new Attempt(Outcome.CLAIMED, new Claim(name, key, intentKey, claimedAt));
    } finally {
      if (!ok) {
        deleteQuietly(intentKey);
      }
    }
  }

  /** How one try at one name ended. */
  private enum Outcome {
    /** The name is ours. */
    CLAIMED,
    /** An object has the name already. */
    TAKEN,
    /** Another uploader's fresh intent is there too: nobody may take it now. */
    CONTENDED,
    /**
     * The listing failed with a client error, or did not show our own intent: it proves nothing, so
     * nobody may take the name on its strength. Seen on S3Proxy's file-backed stores, whose
     * "folders" are directories created and removed as keys come and go: a listing of a claim
     * folder while another uploader deletes the last intent in it answers 400 or misses keys.
     */
    UNSETTLED
  }

  /** What a listing of one name's claim folder showed. */
  private enum Claimants {
    /** Our intent, and no other fresh one. */
    OURS_ALONE,
    /** Another fresh intent (or a thousand of them). */
    OTHERS,
    /** Nothing to go by: the listing failed with a client error, or our own intent is missing. */
    UNSETTLED
  }

  /** One try's outcome, with the claim when it is {@link Outcome#CLAIMED}. */
  private record Attempt(Outcome outcome, Claim claim) {}

  private String intentPrefix(String name) {
    return location.prefix() + FOLDER + name + "/";
  }

  /** Who else holds a fresh intent for {@code name} beside {@code ownIntent}. */
  private Claimants othersClaim(String name, String ownIntent) throws IOException {
    ListObjectsV2Response listing;
    try {
      listing =
          client.listObjectsV2(
              b -> b.bucket(location.bucket()).prefix(intentPrefix(name)).maxKeys(1000));
    } catch (SdkException e) {
      if (isPassingRefusal(e)) {
        log.debug("LIST claims of {} failed, tried again: {}", name, S3Failures.oneLine(e));
        return Claimants.UNSETTLED;
      }
      throw failures.translate("LIST claims of " + name, e);
    }
    Instant storeNow = StaleUploadSweep.storeTime(listing);
    boolean ownSeen = false;
    for (S3Object intent : listing.contents()) {
      if (intent.key().equals(ownIntent)) {
        ownSeen = true;
      } else if (intent.lastModified() == null
          || intent.lastModified().isAfter(storeNow.minus(staleAge))) {
        return Claimants.OTHERS;
      }
    }
    if (!ownSeen) { // a listing that misses what was just written proves nothing: never trusted
      log.debug("The listing of claims for {} missed the one just written; tried again", name);
      return Claimants.UNSETTLED;
    }
    return Boolean.TRUE.equals(listing.isTruncated()) // a thousand intents: surely contended
        ? Claimants.OTHERS
        : Claimants.OURS_ALONE;
  }

  /**
   * A refusal of a listing that says nothing about our configuration: any 4xx but a refused
   * signature or permission (401, 403), which no retry cures and must reach the log as it is.
   * Server errors and timeouts are the SDK's to retry and {@link S3Failures}' to translate.
   */
  private static boolean isPassingRefusal(SdkException e) {
    return e instanceof S3Exception s3
        && s3.statusCode() >= 400
        && s3.statusCode() < 500
        && s3.statusCode() != 401
        && s3.statusCode() != 403;
  }

  private boolean exists(String key) throws IOException {
    try {
      client.headObject(b -> b.bucket(location.bucket()).key(key));
      return true;
    } catch (SdkException e) {
      if (S3Failures.isStatus(e, 404)) {
        return false;
      }
      throw failures.translate("HEAD " + key, e);
    }
  }

  private void putIntent(String intentKey) throws IOException {
    try {
      client.putObject(b -> b.bucket(location.bucket()).key(intentKey), RequestBody.empty());
    } catch (SdkException e) {
      throw failures.translate("PUT claim " + intentKey, e);
    }
  }

  private void deleteQuietly(String key) {
    try {
      client.deleteObject(b -> b.bucket(location.bucket()).key(key));
    } catch (SdkException e) {
      log.warn(
          "Could not remove the claim {}: {} (the start-up sweep will)",
          key,
          S3Failures.oneLine(e));
    }
  }

  private byte[] token() {
    byte[] token = new byte[TOKEN_BYTES];
    random.nextBytes(token);
    return token;
  }

  private void pause() throws IOException {
    try {
      Thread.sleep(10 + random.nextInt(MAX_BACKOFF_MILLIS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while claiming a name");
    }
  }
}
