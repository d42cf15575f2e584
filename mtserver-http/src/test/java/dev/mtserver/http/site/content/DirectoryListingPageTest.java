package dev.mtserver.http.site.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.content.DirectoryEntry;
import dev.mtserver.domain.path.SitePath;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectoryListingPageTest {

  private static final Instant WHEN = Instant.parse("2026-03-04T05:06:07Z");

  private static String render(SitePath dir, DirectoryEntry... entries) {
    return new String(DirectoryListingPage.render(dir, List.of(entries)), StandardCharsets.UTF_8);
  }

  @Test
  void names_are_html_escaped_and_links_percent_encoded() {
    String page =
        render(
            SitePath.parse("/docs/"),
            new DirectoryEntry("<img src=x onerror=alert(1)>&\"'.txt", false, 12, WHEN));

    assertThat(page).doesNotContain("<img");
    assertThat(page).contains(">&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;.txt</a>");
    assertThat(page)
        .contains("href=\"/docs/%3Cimg%20src=x%20onerror=alert(1)%3E&amp;%22&#39;.txt\"");
  }

  @Test
  void a_name_that_looks_like_a_scheme_stays_a_path() {
    String page = render(SitePath.ROOT, new DirectoryEntry("javascript:alert(1)", false, 1, WHEN));

    assertThat(page).contains("href=\"/javascript:alert(1)\"");
  }

  @Test
  void shows_sizes_dates_and_directories_with_a_slash() {
    String page =
        render(
            SitePath.parse("/a b/"),
            new DirectoryEntry("sub dir", true, 0, WHEN),
            new DirectoryEntry("data.bin", false, 123456, WHEN));

    assertThat(page).contains("<title>Index of /a b/</title>");
    assertThat(page).contains("<a href=\"/a%20b/sub%20dir/\">sub dir/</a>");
    assertThat(page).contains("<a href=\"/a%20b/data.bin\">data.bin</a>");
    assertThat(page).contains(">123456<");
    assertThat(page).contains("<time datetime=\"2026-03-04T05:06:07Z\">2026-03-04 05:06</time>");
    assertThat(page).contains("<a href=\"/\">../</a>");
  }

  @Test
  void the_root_has_no_parent_link() {
    assertThat(render(SitePath.ROOT)).doesNotContain("../");
  }

  @Test
  void a_cut_off_listing_ends_with_a_note_and_a_complete_one_has_none() {
    DirectoryEntry[] entries = new DirectoryEntry[1_000];
    for (int i = 0; i < entries.length; i++) {
      entries[i] = new DirectoryEntry("f" + i, false, 1, WHEN);
    }
    String cut =
        new String(
            DirectoryListingPage.render(SitePath.ROOT, List.of(entries), true),
            StandardCharsets.UTF_8);

    assertThat(cut).contains("<p>Only 1,000 entries are shown; this directory holds more.</p>");
    assertThat(render(SitePath.ROOT, entries)).doesNotContain("Only");
  }
}
