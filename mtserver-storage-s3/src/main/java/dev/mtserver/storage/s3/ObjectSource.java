package dev.mtserver.storage.s3;

import dev.mtserver.domain.content.ContentSource;
import dev.mtserver.domain.content.OpenContent;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Opens one version of one object: the one whose metadata was looked up. Opening sends nothing; the
 * first read does ({@link ObjectContent}), so a {@code HEAD} request never costs a {@code
 * GetObject}. Objects are never held in memory ({@link #readThroughCache} stays empty). {@code
 * changed} runs when a read finds that version gone (the site's metadata cache forgets the key).
 */
record ObjectSource(
    S3Client client,
    String bucket,
    String key,
    ObjectMeta meta,
    S3Failures failures,
    Runnable changed)
    implements ContentSource {

  @Override
  public OpenContent open() {
    return new ObjectContent(client, bucket, key, meta, failures, changed);
  }
}
