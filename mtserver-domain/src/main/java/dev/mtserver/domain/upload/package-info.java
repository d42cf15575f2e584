/**
 * Uploads: storing the files of a {@code multipart/form-data} request so that nothing half-done is
 * ever visible and nothing existing is ever overwritten.
 *
 * <p>{@link dev.mtserver.domain.upload.StoreUploadUseCase} (implemented by {@link
 * dev.mtserver.domain.upload.UploadService}) streams each file through an {@link
 * dev.mtserver.domain.upload.UploadStorePort}'s begin/write/commit/abort lifecycle; {@link
 * dev.mtserver.domain.upload.FileNameSanitizer} decides, as a pure function, what a client's file
 * name may become and how taken names are numbered; {@link dev.mtserver.domain.upload.UploadArea}
 * says where uploads appear in the site, so that other parts (static serving, a script runner) can
 * treat that area as data, never code. No file system and no HTTP here. Entry type: {@link
 * dev.mtserver.domain.upload.StoreUploadUseCase}.
 */
package dev.mtserver.domain.upload;
