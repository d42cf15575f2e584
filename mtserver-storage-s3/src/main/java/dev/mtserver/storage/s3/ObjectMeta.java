package dev.mtserver.storage.s3;

import dev.mtserver.domain.content.Resource;
import java.time.Instant;
import java.util.Optional;

/**
 * What a {@code HeadObject} said about one object: enough to describe it as a {@link Resource}
 * and to read exactly this version of it later ({@code If-Match} on the entity tag).
 *
 * @param size its length in bytes
 * @param lastModified when it was stored (whole seconds, as S3 keeps it)
 * @param entityTag its {@code ETag}, quoted, when the store sent one that is a valid strong tag
 */
record ObjectMeta(long size, Instant lastModified, Optional<String> entityTag) {

  /** Keeps the store's tag only if HTTP can carry it as a strong validator; quotes a bare one. */
  static ObjectMeta of(Long size, Instant lastModified, String eTag) {
    Optional<String> tag = Optional.empty();
    if (eTag != null && !eTag.isEmpty()) {
      String quoted = eTag.startsWith("\"") ? eTag : "\"" + eTag + "\"";
      tag = Resource.isStrongEntityTag(quoted) ? Optional.of(quoted) : Optional.empty();
    }
    return new ObjectMeta(size == null ? 0 : size, lastModified == null ? Instant.EPOCH : lastModified, tag);
  }
}
