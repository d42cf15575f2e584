package dev.mtserver.domain.content;

import com.google.common.base.Ascii;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import com.google.common.net.MediaType;
import dev.mtserver.domain.path.SitePath;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps a file name's extension to the media type sent as {@code Content-Type}.
 *
 * <p>Guava's {@link MediaType} constants are used where they exist (and are the registered type);
 * every textual type carries {@code charset=utf-8}, the encoding of the web. Anything unknown is
 * {@code application/octet-stream}, which a browser downloads rather than renders — together with
 * {@code X-Content-Type-Options: nosniff} that keeps an unknown file from being run as a page or a
 * script.
 */
public final class MediaTypes {

  /** The type for unknown extensions. */
  public static final String DEFAULT = MediaType.OCTET_STREAM.toString();

  private static final ImmutableMap<String, String> BY_EXTENSION = build();

  /** Top-level types a browser only ever shows or plays (but see {@link #isPassive}). */
  private static final ImmutableSet<String> PASSIVE_TOP_LEVEL =
      ImmutableSet.of("image", "audio", "video", "font");

  /** Other types a browser only ever shows as text or in a viewer of its own, never as a page. */
  private static final ImmutableSet<String> PASSIVE_TYPES =
      ImmutableSet.of(
          "text/plain",
          "text/css",
          "text/csv",
          "text/tab-separated-values",
          "text/markdown",
          "text/vtt",
          "text/calendar",
          "text/vcard",
          "application/pdf");

  private MediaTypes() {}

  /** The media type for {@code path}'s extension, or {@link #DEFAULT}. */
  public static String forPath(SitePath path) {
    return path.extension().map(BY_EXTENSION::get).orElse(DEFAULT);
  }

  /**
   * True for a media type that no browser renders as a document of its own origin or runs as a
   * script: images other than SVG, sound, video, fonts, plain and tabular text, PDF. Everything
   * else — HTML, XHTML, SVG, any XML (a browser applies its XSLT or renders it as a page),
   * JavaScript, WebAssembly, {@link #DEFAULT} and any type added to the table later — is not
   * passive, so a type must be known to be harmless before an upload of it is shown inline. A
   * {@code +xml} subtype is never passive, whatever its top-level type ({@code image/svg+xml}).
   *
   * @param mediaType a {@code Content-Type} value, parameters allowed, such as {@code text/plain;
   *     charset=utf-8}
   */
  public static boolean isPassive(String mediaType) {
    int end = mediaType.indexOf(';');
    String essence = Ascii.toLowerCase((end < 0 ? mediaType : mediaType.substring(0, end)).strip());
    int slash = essence.indexOf('/');
    if (slash <= 0 || essence.endsWith("+xml")) {
      return false;
    }
    return PASSIVE_TOP_LEVEL.contains(essence.substring(0, slash))
        || PASSIVE_TYPES.contains(essence);
  }

  /** The whole table, extension (lower case, no dot) to media type; for documentation and tests. */
  public static Map<String, String> table() {
    return BY_EXTENSION;
  }

  private static ImmutableMap<String, String> build() {
    Map<String, MediaType> types = new LinkedHashMap<>();
    // Documents and text
    put(types, MediaType.HTML_UTF_8, "html", "htm");
    put(types, MediaType.XHTML_UTF_8, "xhtml");
    put(types, MediaType.CSS_UTF_8, "css");
    put(types, MediaType.TEXT_JAVASCRIPT_UTF_8, "js", "mjs", "cjs"); // RFC 9239
    put(types, MediaType.JSON_UTF_8, "json", "map");
    put(
        types,
        MediaType.create("application", "ld+json").withCharset(StandardCharsets.UTF_8),
        "jsonld");
    put(types, MediaType.MANIFEST_JSON_UTF_8, "webmanifest");
    put(types, MediaType.APPLICATION_XML_UTF_8, "xml", "xsl", "xsd"); // RFC 7303
    put(types, MediaType.ATOM_UTF_8, "atom");
    put(
        types,
        MediaType.create("application", "rss+xml").withCharset(StandardCharsets.UTF_8),
        "rss");
    put(types, MediaType.PLAIN_TEXT_UTF_8, "txt", "text", "log", "conf", "ini");
    put(types, MediaType.MD_UTF_8, "md", "markdown");
    put(types, MediaType.CSV_UTF_8, "csv");
    put(types, MediaType.TSV_UTF_8, "tsv");
    put(types, MediaType.I_CALENDAR_UTF_8, "ics");
    put(types, MediaType.VCARD_UTF_8, "vcf");
    put(types, MediaType.VTT_UTF_8, "vtt");
    put(types, MediaType.RTF_UTF_8, "rtf");
    put(types, MediaType.PDF, "pdf");
    put(types, MediaType.POSTSCRIPT, "ps", "eps");
    put(types, MediaType.EPUB, "epub");
    put(types, MediaType.MICROSOFT_WORD, "doc");
    put(types, MediaType.MICROSOFT_EXCEL, "xls");
    put(types, MediaType.MICROSOFT_POWERPOINT, "ppt");
    put(types, MediaType.OOXML_DOCUMENT, "docx");
    put(types, MediaType.OOXML_SHEET, "xlsx");
    put(types, MediaType.OOXML_PRESENTATION, "pptx");
    put(types, MediaType.OPENDOCUMENT_TEXT, "odt");
    put(types, MediaType.OPENDOCUMENT_SPREADSHEET, "ods");
    put(types, MediaType.OPENDOCUMENT_PRESENTATION, "odp");
    // Images
    put(types, MediaType.SVG_UTF_8, "svg");
    put(types, MediaType.PNG, "png");
    put(types, MediaType.create("image", "apng"), "apng");
    put(types, MediaType.JPEG, "jpg", "jpeg", "jpe", "jfif");
    put(types, MediaType.GIF, "gif");
    put(types, MediaType.WEBP, "webp");
    put(types, MediaType.AVIF, "avif");
    put(types, MediaType.HEIF, "heif", "heic");
    put(types, MediaType.ICO, "ico");
    put(types, MediaType.BMP, "bmp");
    put(types, MediaType.TIFF, "tif", "tiff");
    // Fonts (RFC 8081)
    put(types, MediaType.FONT_WOFF, "woff");
    put(types, MediaType.FONT_WOFF2, "woff2");
    put(types, MediaType.FONT_TTF, "ttf");
    put(types, MediaType.FONT_OTF, "otf");
    put(types, MediaType.FONT_COLLECTION, "ttc");
    put(types, MediaType.EOT, "eot");
    // Code
    put(types, MediaType.WASM_APPLICATION, "wasm");
    // Audio and video
    put(types, MediaType.MP4_VIDEO, "mp4", "m4v");
    put(types, MediaType.WEBM_VIDEO, "webm");
    put(types, MediaType.OGG_VIDEO, "ogv");
    put(types, MediaType.QUICKTIME, "mov");
    put(types, MediaType.MPEG_VIDEO, "mpeg", "mpg");
    put(types, MediaType.MPEG_AUDIO, "mp3");
    put(types, MediaType.MP4_AUDIO, "m4a");
    put(types, MediaType.AAC_AUDIO, "aac");
    put(types, MediaType.OGG_AUDIO, "ogg", "oga", "opus");
    put(types, MediaType.WEBM_AUDIO, "weba");
    put(types, MediaType.create("audio", "wav"), "wav");
    put(types, MediaType.create("audio", "flac"), "flac");
    put(types, MediaType.create("audio", "midi"), "mid", "midi");
    // Archives (Guava's GZIP is the unregistered application/x-gzip; RFC 6713 registers
    // application/gzip)
    put(types, MediaType.ZIP, "zip");
    put(types, MediaType.create("application", "gzip"), "gz", "tgz");
    put(types, MediaType.TAR, "tar");
    put(types, MediaType.BZIP2, "bz2");
    put(types, MediaType.create("application", "x-xz"), "xz");
    put(types, MediaType.create("application", "zstd"), "zst");
    put(types, MediaType.create("application", "x-7z-compressed"), "7z");
    ImmutableMap.Builder<String, String> builder = ImmutableMap.builder();
    types.forEach((extension, type) -> builder.put(extension, type.toString()));
    return builder.buildOrThrow();
  }

  private static void put(Map<String, MediaType> types, MediaType type, String... extensions) {
    for (String extension : extensions) {
      types.put(extension, type);
    }
  }
}
