package dev.mtserver.http.site.content;

import com.google.common.escape.Escaper;
import com.google.common.html.HtmlEscapers;
import dev.mtserver.domain.content.DirectoryEntry;
import dev.mtserver.domain.path.SitePath;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The HTML page listing a directory, in the spirit of nginx's {@code autoindex}: a parent link,
 * then one row per entry with its name, size in bytes and modification time (UTC).
 *
 * <p>Names come from the disk, so they are treated as hostile: each link is the entry's {@link
 * SitePath} percent-encoded by {@link SitePath#toUriPath()} — absolute, so a name such as {@code
 * javascript:x} can never read as a scheme — and every text and attribute is HTML-escaped. The
 * response also carries a Content-Security-Policy that forbids scripts outright.
 *
 * <p>A listing the domain cut off at its limit ends with a note saying more entries exist: the page
 * stays a few hundred kilobytes whatever the directory holds.
 */
final class DirectoryListingPage {

  /** Sent with every listing: no scripts, no external anything; the inline style is ours. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

  private static final Escaper HTML = HtmlEscapers.htmlEscaper();
  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MACHINE = DateTimeFormatter.ISO_INSTANT;

  private DirectoryListingPage() {}

  static byte[] render(SitePath directory, List<DirectoryEntry> entries) {
    return render(directory, entries, false);
  }

  /**
   * @param cutOff true when the directory holds more entries than {@code entries}: a note says so
   */
  static byte[] render(SitePath directory, List<DirectoryEntry> entries, boolean cutOff) {
    String title = "Index of " + HTML.escape(directory.toString());
    StringBuilder html = new StringBuilder(512 + entries.size() * 160);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(title)
        .append("</title>\n")
        .append("<style>body{font-family:system-ui,sans-serif;margin:2em}")
        .append("td,th{padding:.2em 1em;text-align:left}td.size{text-align:right}</style>\n")
        .append("</head>\n<body>\n<h1>")
        .append(title)
        .append("</h1>\n<table>\n")
        .append(
            "<thead><tr><th>Name</th><th>Last modified</th><th>Size</th></tr></thead>\n<tbody>\n");
    if (!directory.isRoot()) {
      html.append("<tr><td><a href=\"")
          .append(HTML.escape(directory.parent().toUriPath()))
          .append("\">../</a></td><td></td><td class=\"size\">-</td></tr>\n");
    }
    for (DirectoryEntry entry : entries) {
      SitePath target = directory.child(entry.name());
      String shownName = entry.name() + (entry.directory() ? "/" : "");
      html.append("<tr><td><a href=\"")
          .append(HTML.escape((entry.directory() ? target.asDirectory() : target).toUriPath()))
          .append("\">")
          .append(HTML.escape(shownName))
          .append("</a></td>")
          .append("<td><time datetime=\"")
          .append(MACHINE.format(entry.lastModified()))
          .append("\">")
          .append(SHOWN.format(entry.lastModified()))
          .append("</time></td>")
          .append("<td class=\"size\">")
          .append(entry.directory() ? "-" : Long.toString(entry.size()))
          .append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n");
    if (cutOff) {
      html.append("<p>Only ")
          .append(String.format(Locale.ROOT, "%,d", entries.size()))
          .append(" entries are shown; this directory holds more.</p>\n");
    }
    html.append("</body>\n</html>\n");
    return html.toString().getBytes(StandardCharsets.UTF_8);
  }
}
