package dev.mtserver.storage.s3;

import dev.mtserver.domain.content.EntityTag;
import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.domain.upload.FileNameSanitizer;
import dev.mtserver.domain.upload.named.FileChangedException;
import dev.mtserver.domain.upload.named.NoSuchStoredFileException;
import java.io.IOException;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The stored files of an upload area by their exact names, as {@code PUT} and {@code DELETE} of
 * {@code /downloads/NAME} see them (ADR 0046): the current version of one, straight from the store
 * (never the site's metadata cache: a change decided on a stale tag would be a lost update), and a
 * removal that holds the name ({@link NameClaims#hold}) while it checks the tag and deletes.
 *
 * <p>Only a name an upload could have is ever looked at: a sanitised one, so never a hidden key
 * (the claims' folder), never one with a {@code /} (a "folder" or what lies in it).
 */
final class NamedObjects {

  private final S3Client client;
  private final S3Location location;
  private final S3Failures failures;
  private final NameClaims claims;

  NamedObjects(S3Client client, S3Location location, S3Failures failures, NameClaims claims) {
    this.client = client;
    this.location = location;
    this.failures = failures;
    this.claims = claims;
  }

  /** True for a name an upload could have been stored under. */
  static boolean isFileName(String name) {
    return !name.isEmpty() && FileNameSanitizer.sanitize(name).equals(name);
  }

  /**
   * What the store says of the object {@code name} now; empty when there is none (or the name is
   * none an upload could have).
   */
  Optional<ObjectMeta> head(String name) throws IOException {
    if (!isFileName(name)) {
      return Optional.empty();
    }
    String key = location.prefix() + name;
    try {
      HeadObjectResponse head = client.headObject(b -> b.bucket(location.bucket()).key(key));
      return Optional.of(ObjectMeta.of(head.contentLength(), head.lastModified(), head.eTag()));
    } catch (SdkException e) {
      if (S3Failures.isStatus(e, 404)) {
        return Optional.empty();
      }
      throw failures.translate("HEAD " + key, e);
    }
  }

  /**
   * The tag the site serves for {@code name} ({@link ObjectMeta#validator}, exactly as {@link
   * S3Site} builds it), read now.
   */
  Optional<EntityTag> entityTag(String name) throws IOException {
    return head(name).map(meta -> meta.validator().entityTag());
  }

  /**
   * Removes {@code name} if its tag is {@code expected} (any when empty). The name is held while
   * the tag is checked and the object deleted, so no replacement through another instance slips in
   * between.
   */
  void delete(String name, Optional<EntityTag> expected) throws IOException {
    if (!isFileName(name)) {
      throw new NoSuchStoredFileException(name);
    }
    NameClaims.Claim claim =
        claims
            .hold(name)
            .orElseThrow(
                () ->
                    // another upload or change of this very name is under way right now
                    expected.isPresent()
                        ? new FileChangedException(name)
                        : new StoreUnavailableException(
                            StoreUnavailableException.Reason.UNREACHABLE,
                            failures.store() + ": '" + name + "' is being changed; try again",
                            null));
    try {
      Optional<EntityTag> current = entityTag(name);
      if (current.isEmpty()) {
        throw new NoSuchStoredFileException(name);
      }
      if (expected.isPresent() && !expected.equals(current)) {
        throw new FileChangedException(name);
      }
      String key = location.prefix() + name;
      try {
        client.deleteObject(b -> b.bucket(location.bucket()).key(key));
      } catch (SdkException e) {
        throw failures.translate("DELETE " + key, e);
      }
    } finally {
      claims.release(claim);
    }
  }
}
