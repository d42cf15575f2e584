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
    assertThat(page).contains("title=\"123,456 bytes\"><data value=\"123456\">121 KiB</data>");
    assertThat(page).contains("<time datetime=\"2026-03-04T05:06:07Z\">2026-03-04 05:06</time>");
    assertThat(page).contains("<a id=\"parent\" href=\"/\">../</a>");
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

    assertThat(cut)
        .contains(
            "<p>Only 1,000 entries are shown; this directory holds more. A listing shows at"
                + " most 1,000.</p>");
    assertThat(render(SitePath.ROOT, entries)).doesNotContain("Only");
  }

  private static final DirectoryEntry SMALL =
      new DirectoryEntry("b-small.txt", false, 10, Instant.parse("2026-01-01T00:00:00Z"));
  private static final DirectoryEntry LARGE =
      new DirectoryEntry("a-large.txt", false, 5_000_000, Instant.parse("2025-01-01T00:00:00Z"));
  private static final DirectoryEntry FOLDER =
      new DirectoryEntry("z-folder", true, 0, Instant.parse("2024-01-01T00:00:00Z"));

  private static String sorted(String query) {
    return new String(
        DirectoryListingPage.render(
            SitePath.parse("/d/"),
            List.of(SMALL, LARGE, FOLDER),
            false,
            ListingView.fromQuery(query),
            true),
        StandardCharsets.UTF_8);
  }

  @Test
  void sorts_by_the_column_the_query_names_with_directories_first() {
    assertThat(sorted("")).containsSubsequence("z-folder/", "a-large.txt", "b-small.txt");
    assertThat(sorted("sort=size&order=asc"))
        .containsSubsequence("z-folder/", "b-small.txt", "a-large.txt");
    assertThat(sorted("sort=size&order=desc"))
        .containsSubsequence("z-folder/", "a-large.txt", "b-small.txt");
    assertThat(sorted("sort=date&order=desc"))
        .containsSubsequence("z-folder/", "b-small.txt", "a-large.txt");
    assertThat(sorted("sort=name&order=desc"))
        .containsSubsequence("z-folder/", "b-small.txt", "a-large.txt");
    assertThat(sorted("sort=%3Cscript%3E")).containsSubsequence("a-large.txt", "b-small.txt");
  }

  @Test
  void each_column_header_links_to_its_sort_and_the_current_one_to_the_reverse() {
    String page = sorted("sort=size&order=asc");

    assertThat(page)
        .contains(
            "aria-sort=\"ascending\"><a id=\"sort-size\" href=\"?sort=size&amp;order=desc\">");
    assertThat(page).contains("<a id=\"sort-name\" href=\"?sort=name&amp;order=asc\">");
    assertThat(page).contains("<a id=\"sort-date\" href=\"?sort=date&amp;order=desc\">");
  }

  @Test
  void offers_the_folder_as_zip_and_json_and_states_the_limit() {
    String page = sorted("");

    assertThat(page).contains("href=\"?archive=zip\"");
    assertThat(page).contains("href=\"?format=json\"");
    assertThat(page).contains("Listings show at most 1,000 entries.");
  }

  @Test
  void sizes_read_for_people() {
    assertThat(HumanSizes.format(0)).isEqualTo("0 B");
    assertThat(HumanSizes.format(1023)).isEqualTo("1023 B");
    assertThat(HumanSizes.format(1536)).isEqualTo("1.5 KiB");
    assertThat(HumanSizes.format(5_000_000)).isEqualTo("4.8 MiB");
    assertThat(HumanSizes.format(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
  }
}
