package dev.mtserver.http.site.content;

import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.upload.UploadArea;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link StaticContentHandler} does beyond sending files and listings; each is off in {@link
 * #none()}.
 *
 * @param compress gzip on the fly for text files without a precompressed sibling ({@code
 *     --compress}, see {@link OnTheFlyGzip})
 * @param archives whether listings link to the folder as one zip ({@code ?archive=zip}), which
 *     {@link FolderArchiveHandler} in front of the handler serves
 * @param singlePage the page served with 200 for a GET or HEAD of a path that names nothing and has
 *     no file extension ({@code --spa /index.html}), as a single-page application's router expects
 * @param uploads the upload area, which never gets the single page
 */
public record ContentFeatures(
    boolean compress, boolean archives, Optional<SitePath> singlePage, UploadArea uploads) {

  public ContentFeatures {
    Objects.requireNonNull(singlePage, "singlePage");
    Objects.requireNonNull(uploads, "uploads");
  }

  /** Files and listings only. */
  public static ContentFeatures none() {
    return new ContentFeatures(false, false, Optional.empty(), UploadArea.outsideSite());
  }
}
