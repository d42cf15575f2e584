package dev.mtserver.domain.content;

import com.google.common.collect.ImmutableMap;
import com.google.common.net.MediaType;
import dev.mtserver.domain.path.SitePath;

/**
 * Maps a file name's extension to the media type sent as {@code Content-Type}. Text types carry
 * {@code charset=utf-8}; anything unknown is {@code application/octet-stream}, which browsers
 * download rather than render.
 */
public final class MediaTypes {

  /** The type for unknown extensions. */
  public static final String DEFAULT = MediaType.OCTET_STREAM.toString();

  private static final ImmutableMap<String, String> BY_EXTENSION =
      ImmutableMap.<String, String>builder()
          .put("html", MediaType.HTML_UTF_8.toString())
          .put("htm", MediaType.HTML_UTF_8.toString())
          .put("css", MediaType.CSS_UTF_8.toString())
          .put("js", MediaType.JAVASCRIPT_UTF_8.toString())
          .put("mjs", MediaType.JAVASCRIPT_UTF_8.toString())
          .put("json", MediaType.JSON_UTF_8.toString())
          .put("txt", MediaType.PLAIN_TEXT_UTF_8.toString())
          .put("svg", MediaType.SVG_UTF_8.toString())
          .put("png", MediaType.PNG.toString())
          .put("jpg", MediaType.JPEG.toString())
          .put("jpeg", MediaType.JPEG.toString())
          .put("gif", MediaType.GIF.toString())
          .put("ico", MediaType.ICO.toString())
          .put("pdf", MediaType.PDF.toString())
          .build();

  private MediaTypes() {}

  /** The media type for {@code path}'s extension, or {@link #DEFAULT}. */
  public static String forPath(SitePath path) {
    return path.extension().map(BY_EXTENSION::get).orElse(DEFAULT);
  }
}
