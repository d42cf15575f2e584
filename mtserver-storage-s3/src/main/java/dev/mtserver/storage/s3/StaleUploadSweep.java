package dev.mtserver.storage.s3;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What an upload store removes when it starts: name claims ({@link NameClaims}) older than the
 * stale age, and every incomplete multipart upload directly below its prefix that no fresh claim
 * holds. A dead instance (a crash, {@code SIGKILL}, a lost network) leaves both; a living one keeps
 * its claim fresh while it receives the file, so another instance starting beside it leaves its
 * upload alone. This is the object store's form of the file-system store's rule that the clean-up
 * never touches an upload a living process holds.
 *
 * <p>Why claims and not the uploads' own {@code Initiated} time: S3Proxy 2.7.0 reports the time of
 * the listing there, so an upload would never look old; an object's {@code Last-Modified} is right
 * on every store tried. Uploads are listed before claims, so an upload that begins during the sweep
 * (claim first, then the upload) is either not listed or has its claim seen. Ages are measured in
 * the store's clock (the {@code Date} of its answer). At most {@value #MAX_PAGES} pages of each
 * kind are read per start; AWS users should also give the bucket a lifecycle rule that aborts
 * incomplete multipart uploads.
 */
final class StaleUploadSweep {

  private static final Logger log = LoggerFactory.getLogger(StaleUploadSweep.class);
  static final int MAX_PAGES = 20;

  /** What one sweep did. */
  record Result(int abortedUploads, int uploadsLeftInFlight, int removedClaims) {}

  private StaleUploadSweep() {}

  static Result run(S3Client client, S3Location location, S3Failures failures, Duration staleAge)
      throws IOException {
    try {
      List<MultipartUpload> unfinished = listUploads(client, location);
      Claims claims = sweepClaims(client, location, staleAge);
      int aborted = 0;
      for (MultipartUpload upload : unfinished) {
        if (!claims.freshNames().contains(upload.key().substring(location.prefix().length()))) {
          abort(client, location, upload);
          aborted++;
        }
      }
      return new Result(aborted, unfinished.size() - aborted, claims.removed());
    } catch (SdkException e) {
      throw failures.translate("sweep of unfinished uploads", e);
    }
  }

  /** The names fresh claims hold, and how many stale claims were deleted. */
  private record Claims(Set<String> freshNames, int removed) {}

  /** The incomplete multipart uploads of names directly below the prefix (MTServer's own keys). */
  private static List<MultipartUpload> listUploads(S3Client client, S3Location location) {
    List<MultipartUpload> uploads = new ArrayList<>();
    String keyMarker = null;
    String uploadIdMarker = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      String key = keyMarker;
      String id = uploadIdMarker;
      ListMultipartUploadsResponse response =
          client.listMultipartUploads(
              b ->
                  b.bucket(location.bucket())
                      .prefix(location.prefix())
                      .keyMarker(key)
                      .uploadIdMarker(id));
      for (MultipartUpload upload : response.uploads()) {
        if (upload.key().indexOf('/', location.prefix().length()) < 0) {
          uploads.add(upload);
        }
      }
      if (!Boolean.TRUE.equals(response.isTruncated())) {
        break;
      }
      keyMarker = response.nextKeyMarker();
      uploadIdMarker = response.nextUploadIdMarker();
    }
    return uploads;
  }

  private static void abort(S3Client client, S3Location location, MultipartUpload upload) {
    try {
      client.abortMultipartUpload(
          b -> b.bucket(location.bucket()).key(upload.key()).uploadId(upload.uploadId()));
    } catch (SdkException e) {
      if (!S3Failures.isStatus(e, 404)) { // gone meanwhile: finished or aborted by its owner
        throw e;
      }
    }
  }

  /** Deletes claims older than the stale age; returns the names the others hold. */
  private static Claims sweepClaims(S3Client client, S3Location location, Duration staleAge) {
    String folder = location.prefix() + NameClaims.FOLDER;
    Set<String> fresh = new HashSet<>();
    int removed = 0;
    String continuation = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      String token = continuation;
      ListObjectsV2Response response =
          client.listObjectsV2(
              b -> b.bucket(location.bucket()).prefix(folder).continuationToken(token));
      Instant staleBefore = storeTime(response).minus(staleAge);
      for (S3Object claim : response.contents()) {
        String nameAndToken = claim.key().substring(folder.length());
        int slash = nameAndToken.lastIndexOf('/');
        if (claim.lastModified() != null && claim.lastModified().isBefore(staleBefore)) {
          client.deleteObject(b -> b.bucket(location.bucket()).key(claim.key()));
          removed++;
        } else if (slash > 0) {
          fresh.add(nameAndToken.substring(0, slash));
        }
      }
      if (!Boolean.TRUE.equals(response.isTruncated())) {
        break;
      }
      continuation = response.nextContinuationToken();
    }
    return new Claims(fresh, removed);
  }

  /** The store's time from the answer's {@code Date} header; the local clock if it sent none. */
  static Instant storeTime(SdkResponse response) {
    Optional<String> date = response.sdkHttpResponse().firstMatchingHeader("Date");
    if (date.isPresent()) {
      try {
        return ZonedDateTime.parse(date.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      } catch (DateTimeParseException e) {
        log.debug("Unreadable Date from the store: {}", date.get());
      }
    }
    return Instant.now();
  }
}
