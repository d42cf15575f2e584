/**
 * The object-store adapter: an S3-compatible bucket (AWS S3, MinIO, Ceph RGW, Garage, R2, S3Proxy)
 * behind the domain's content and upload ports, so that several instances can serve one site and
 * share one upload area.
 *
 * <p>{@link dev.mtserver.storage.s3.S3Connection} is the store (one SDK client, one connection
 * pool, every call time-limited), configured by {@link dev.mtserver.storage.s3.S3Config}; {@link
 * dev.mtserver.storage.s3.S3Location} is a place in it ({@code s3://BUCKET/PREFIX/}). {@link
 * dev.mtserver.storage.s3.S3Site} implements {@link dev.mtserver.domain.content.LoadResourcePort}
 * (objects as files, prefixes as directories, the store's ETag as the validator, a short-lived
 * metadata cache, ranged reads streamed through a small buffer). {@link
 * dev.mtserver.storage.s3.S3UploadStore} implements {@link
 * dev.mtserver.domain.upload.UploadStorePort} (multipart uploads with bounded memory, nothing
 * visible before commit, names claimed so that nothing is ever overwritten, a start-up sweep of
 * what dead instances left). SDK exceptions never leave the package: {@code S3Failures} turns them
 * into the domain's {@link dev.mtserver.domain.store.StoreUnavailableException}, {@link
 * dev.mtserver.domain.upload.StorageFullException} or a plain {@link java.io.IOException}.
 *
 * <p>Must not depend on HTTP, the transport, the app or another storage adapter (ArchUnit). Only
 * {@code mtserver-app} constructs these classes. Design: docs/adr/0033-object-store-adapter.md.
 */
package dev.mtserver.storage.s3;
