package dev.mtserver.http.site.content;

import dev.mtserver.domain.content.DirectoryEntry;
import java.util.Comparator;

/**
 * How a listing is asked to be shown: sorted by which column, in which order, as a page or as JSON.
 * Read from the query ({@code ?sort=size&order=desc}, {@code ?format=json}) so that sorting is a
 * plain link that works without script; anything unknown falls back to the default (by name,
 * ascending). Directories always come first, as in every file manager.
 *
 * @param key the column
 * @param descending true for largest, newest or Z first
 */
record ListingView(SortKey key, boolean descending) {

  /** The column a listing is sorted by. */
  enum SortKey {
    NAME("name", 0),
    SIZE("size", 1),
    DATE("date", 2);

    private final String token;
    private final int index;

    SortKey(String token, int index) {
      this.token = token;
      this.index = index;
    }

    Comparator<DirectoryEntry> order() {
      return switch (this) {
        case NAME -> Comparator.comparing(DirectoryEntry::name);
        case SIZE -> Comparator.comparingLong(DirectoryEntry::size);
        case DATE -> Comparator.comparing(DirectoryEntry::lastModified);
      };
    }

    String token() {
      return token;
    }
  }

  static final ListingView DEFAULT = new ListingView(SortKey.NAME, false);

  /** How many distinct views there are: one cached page each. */
  static final int COUNT = SortKey.values().length * 2;

  /** The view named by {@code rawQuery} (not decoded: the values are plain words). */
  static ListingView fromQuery(String rawQuery) {
    SortKey key = SortKey.NAME;
    String sort = QueryWords.value(rawQuery, "sort").orElse("");
    for (SortKey candidate : SortKey.values()) {
      if (candidate.token.equals(sort)) {
        key = candidate;
      }
    }
    boolean descending = QueryWords.value(rawQuery, "order").orElse("").equals("desc");
    return new ListingView(key, descending);
  }

  /** A small number unique to this view, to index cached pages. */
  int index() {
    return key.index * 2 + (descending ? 1 : 0);
  }

  /** Directories first, then by the column; ties by name so the order is always the same. */
  Comparator<DirectoryEntry> comparator() {
    Comparator<DirectoryEntry> byColumn = descending ? key.order().reversed() : key.order();
    return Comparator.comparing((DirectoryEntry e) -> !e.directory())
        .thenComparing(byColumn)
        .thenComparing(DirectoryEntry::name);
  }

  /** The query of the link in the column header {@code column}: the other order if it is ours. */
  String linkTo(SortKey column) {
    boolean nextDescending = column == key ? !descending : column != SortKey.NAME;
    return "?sort=" + column.token + "&order=" + (nextDescending ? "desc" : "asc");
  }
}
