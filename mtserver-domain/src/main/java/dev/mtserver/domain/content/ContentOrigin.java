package dev.mtserver.domain.content;

/**
 * Who put a resource's bytes in the site: its owner, or a stranger through the upload form.
 *
 * <p>The difference is a policy of this domain, not a detail of HTTP: what lies in the {@link
 * dev.mtserver.domain.upload.UploadArea} is data that anyone may have sent, so it is never a
 * directory's index page, never stands in for another file as its precompressed variant, and is
 * handed to clients so that a browser treats it as a download rather than as a page of the site.
 */
public enum ContentOrigin {
  /** Put there by whoever runs the site: pages, scripts and styles of the site itself. */
  SITE,
  /** Stored by the upload form (anything below the upload area): data a stranger may have sent. */
  UPLOAD
}
