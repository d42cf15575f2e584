package dev.mtserver.storage.s3;

import dev.mtserver.domain.content.EntityTag;
import dev.mtserver.domain.content.Validator;
import java.time.Instant;
import java.util.Optional;

/**
 * What a {@code HeadObject} said about one object: enough to describe it as a resource and to read
 * exactly this version of it later ({@code If-Match} on the entity tag).
 *
 * @param size its length in bytes
 * @param lastModified when it was stored (whole seconds, as S3 keeps it)
 * @param entityTag its {@code ETag}, quoted, when the store sent one that is a valid strong tag
 */
record ObjectMeta(long size, Instant lastModified, Optional<EntityTag> entityTag) {

  /** Keeps the store's tag only if HTTP can carry it as a strong validator; quotes a bare one. */
  static ObjectMeta of(Long size, Instant lastModified, String eTag) {
    return new ObjectMeta(
        size == null ? 0 : size,
        lastModified == null ? Instant.EPOCH : lastModified,
        EntityTag.fromStore(eTag));
  }

  /**
   * The object's validator: the store's own {@code ETag} (an MD5 for a single {@code PUT}, {@code
   * md5-of-md5s-N} for a multipart one: either changes whenever the bytes do) with its {@code
   * Last-Modified}; a store that sent no usable tag gets one made from time and size, as a file
   * system does.
   */
  Validator validator() {
    return entityTag
        .map(tag -> new Validator(tag, lastModified))
        .orElseGet(() -> Validator.fromModification(lastModified, size));
  }
}
