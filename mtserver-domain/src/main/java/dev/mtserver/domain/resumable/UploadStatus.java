package dev.mtserver.domain.resumable;

import dev.mtserver.domain.path.SitePath;
import java.util.Objects;
import java.util.Optional;

/**
 * What a client is told about an upload: the upload itself ({@code Upload-Offset}, {@code
 * Upload-Length} or {@code Upload-Defer-Length}, {@code Upload-Metadata}, {@code Upload-Expires})
 * and, once it is published, where the stored file can be fetched, such as {@code
 * /downloads/report.pdf} (empty while unpublished, or when uploads are not part of the site).
 */
public record UploadStatus(ResumableUpload upload, Optional<SitePath> location) {

  public UploadStatus {
    Objects.requireNonNull(upload, "upload");
    Objects.requireNonNull(location, "location");
  }
}
