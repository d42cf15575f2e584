package dev.mtserver.http.site.content;

import dev.mtserver.domain.content.MediaTypes;
import dev.mtserver.http.codec.HttpFields;

/**
 * The header fields that hand an upload's bytes to a browser as data, never as a page or script of
 * this site. {@link StaticContentHandler} adds them to every response that carries an upload or
 * stands for one (200, 206, 304, GET and HEAD alike), because the domain's outcome says the
 * resource is an upload ({@code ContentOrigin.UPLOAD}), not because of how its path is spelled.
 *
 * <ul>
 *   <li>{@code X-Content-Type-Options: nosniff}: the browser keeps to the type sent, so a file can
 *       never be read as another (an image as a script, text as a page);
 *   <li>{@code Content-Security-Policy: sandbox}: should a browser render it anyway, it runs in an
 *       opaque origin without scripts, forms or plugins, with no access to the site's cookies or
 *       storage;
 *   <li>{@code Content-Disposition: attachment} for every type that is not known to be passive
 *       ({@link MediaTypes#isPassive}): HTML, XHTML, SVG, any XML (XSLT makes it a page: {@code
 *       .xml}, {@code .xsl}, {@code .xsd}, {@code .rss}, {@code .atom}), JavaScript, WebAssembly,
 *       unknown types — the browser downloads it instead of opening it. Images, sound, video, plain
 *       text and PDF stay inline.
 * </ul>
 */
final class UploadedContent {

  /** The policy for an upload's own bytes. */
  static final String CONTENT_SECURITY_POLICY = "sandbox";

  private UploadedContent() {}

  /**
   * Adds the fields to {@code headers} of a response standing for a file of type {@code mediaType}.
   */
  static void protect(HttpFields headers, String mediaType) {
    headers
        .set("X-Content-Type-Options", "nosniff")
        .set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    if (!MediaTypes.isPassive(mediaType)) {
      headers.set("Content-Disposition", "attachment");
    }
  }

  /**
   * The policy of a listing of the upload area: the listing page's own, plus {@code sandbox
   * allow-downloads}. The page is the server's (names escaped, no script), yet every name on it is
   * a stranger's. Downloads are allowed because they are what the page is for: without the flag a
   * browser refuses, from a sandboxed page, the "Download all" archive and every file served as an
   * attachment; with it, still only a visitor's click can start one (the page runs no script).
   */
  static String listingPolicy(String pagePolicy) {
    return pagePolicy + "; " + CONTENT_SECURITY_POLICY + " allow-downloads";
  }
}
