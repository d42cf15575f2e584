package dev.mtserver.http.site.content;

import com.google.common.escape.Escaper;
import com.google.common.html.HtmlEscapers;
import dev.mtserver.domain.content.DirectoryEntry;
import dev.mtserver.domain.content.StaticContentService;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.http.site.PageStyle;
import dev.mtserver.http.site.content.ListingView.SortKey;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The HTML page listing a directory — the same page for the upload area and for {@code
 * --directory-listing} — in the starter site's style: a parent link, then one row per entry with
 * its name, size (for people, and exact in bytes), and modification time (UTC). Each column header
 * is a link that sorts by it ({@link ListingView}); no script is needed, nor allowed.
 *
 * <p>Names come from the disk (in the upload area, from strangers), so they are treated as hostile:
 * each link is the entry's {@link SitePath} percent-encoded by {@link SitePath#toUriPath()} —
 * absolute, so a name such as {@code javascript:x} can never read as a scheme — and every text and
 * attribute is HTML-escaped. The response also carries a Content-Security-Policy that forbids
 * scripts outright; the styles are inline, so the page looks right on any site.
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

  static byte[] render(SitePath directory, List<DirectoryEntry> entries, boolean cutOff) {
    return render(directory, entries, cutOff, ListingView.DEFAULT, false);
  }

  /**
   * @param cutOff true when the directory holds more entries than {@code entries}: a note says so
   * @param view the order to show the entries in
   * @param archives true to offer the folder as one download, zip or tar
   */
  static byte[] render(
      SitePath directory,
      List<DirectoryEntry> entries,
      boolean cutOff,
      ListingView view,
      boolean archives) {
    List<DirectoryEntry> sorted = new ArrayList<>(entries);
    sorted.sort(view.comparator());
    String title = "Index of " + HTML.escape(directory.toString());
    StringBuilder html = new StringBuilder(1024 + sorted.size() * 240);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(title)
        .append("</title>\n<style>")
        .append(PageStyle.CSS)
        .append("</style>\n</head>\n<body>\n<header><a href=\"/\">MTServer</a></header>\n<main>\n")
        .append("<h1>")
        .append(title)
        .append("</h1>\n<p class=\"actions\">");
    if (archives) {
      html.append("<a id=\"archive-zip\" href=\"?archive=zip\" download>Download all as zip</a>")
          .append("<a id=\"archive-tar\" href=\"?archive=tar\" download>as tar</a>");
    }
    html.append("<a id=\"as-json\" href=\"?format=json\">As JSON</a></p>\n")
        .append("<table id=\"listing\">\n<thead><tr>");
    header(html, view, SortKey.NAME, "Name", "name");
    header(html, view, SortKey.SIZE, "Size", "size");
    header(html, view, SortKey.DATE, "Last modified", "date");
    html.append("</tr></thead>\n<tbody>\n");
    if (!directory.isRoot()) {
      html.append("<tr><td class=\"name\"><a id=\"parent\" href=\"")
          .append(HTML.escape(directory.parent().toUriPath()))
          .append("\">../</a> (parent folder)</td><td class=\"size\"></td><td></td></tr>\n");
    }
    for (DirectoryEntry entry : sorted) {
      row(html, directory, entry);
    }
    html.append("</tbody>\n</table>\n");
    if (cutOff) {
      html.append("<p>Only ")
          .append(String.format(Locale.ROOT, "%,d", sorted.size()))
          .append(" entries are shown; this directory holds more. A listing shows at most ")
          .append(String.format(Locale.ROOT, "%,d", StaticContentService.LISTING_LIMIT))
          .append(".</p>\n");
    }
    html.append("</main>\n<footer>")
        .append(String.format(Locale.ROOT, "%,d", sorted.size()))
        .append(sorted.size() == 1 ? " entry" : " entries")
        .append(". Listings show at most ")
        .append(String.format(Locale.ROOT, "%,d", StaticContentService.LISTING_LIMIT))
        .append(" entries.</footer>\n</body>\n</html>\n");
    return html.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void header(
      StringBuilder html, ListingView view, SortKey column, String label, String id) {
    html.append("<th");
    if (column == SortKey.SIZE) {
      html.append(" class=\"size\"");
    }
    if (column == view.key()) {
      html.append(" aria-sort=\"").append(view.descending() ? "descending" : "ascending");
      html.append('"');
    }
    html.append("><a id=\"sort-")
        .append(id)
        .append("\" href=\"")
        .append(HTML.escape(view.linkTo(column)))
        .append("\">")
        .append(label);
    if (column == view.key()) {
      html.append(view.descending() ? " \u25BC" : " \u25B2");
    }
    html.append("</a></th>");
  }

  private static void row(StringBuilder html, SitePath directory, DirectoryEntry entry) {
    SitePath target = directory.child(entry.name());
    String shownName = entry.name() + (entry.directory() ? "/" : "");
    html.append("<tr><td class=\"name\"><a href=\"")
        .append(HTML.escape((entry.directory() ? target.asDirectory() : target).toUriPath()))
        .append("\">")
        .append(HTML.escape(shownName))
        .append("</a></td><td class=\"size\"");
    if (entry.directory()) {
      html.append(">-");
    } else {
      html.append(" title=\"")
          .append(String.format(Locale.ROOT, "%,d", entry.size()))
          .append(" bytes\"><data value=\"")
          .append(entry.size())
          .append("\">")
          .append(HumanSizes.format(entry.size()))
          .append("</data>");
    }
    html.append("</td><td><time datetime=\"")
        .append(MACHINE.format(entry.lastModified()))
        .append("\">")
        .append(SHOWN.format(entry.lastModified()))
        .append("</time></td></tr>\n");
  }
}
