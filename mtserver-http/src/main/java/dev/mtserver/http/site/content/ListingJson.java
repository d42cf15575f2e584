package dev.mtserver.http.site.content;

import dev.mtserver.domain.content.ContentOutcome;
import dev.mtserver.domain.content.DirectoryEntry;
import dev.mtserver.domain.content.StaticContentService;
import dev.mtserver.domain.path.SitePath;
import java.io.ByteArrayOutputStream;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * A listing as JSON, for scripts ({@code ?format=json} or {@code Accept: application/json}):
 *
 * <pre>{@code
 * {"path":"/downloads/","truncated":false,"limit":1000,
 *  "entries":[{"name":"a.pdf","directory":false,"size":123,
 *              "modified":"2026-03-04T05:06:07Z","url":"/downloads/a.pdf"}]}
 * }</pre>
 *
 * Written with Jackson's streaming generator, which escapes every string; {@code url} is the
 * entry's percent-encoded absolute path.
 */
final class ListingJson {

  private static final JsonFactory JSON = new JsonFactory();

  private ListingJson() {}

  static byte[] render(ContentOutcome.Listing listing, ListingView view) {
    List<DirectoryEntry> sorted = new ArrayList<>(listing.entries());
    sorted.sort(view.comparator());
    SitePath directory = listing.directory();
    ByteArrayOutputStream out = new ByteArrayOutputStream(128 + 128 * sorted.size());
    try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
      json.writeStartObject();
      json.writeStringProperty("path", directory.toUriPath());
      json.writeBooleanProperty("truncated", listing.cutOff());
      json.writeNumberProperty("limit", StaticContentService.LISTING_LIMIT);
      json.writeName("entries");
      json.writeStartArray();
      for (DirectoryEntry entry : sorted) {
        SitePath target = directory.child(entry.name());
        json.writeStartObject();
        json.writeStringProperty("name", entry.name());
        json.writeBooleanProperty("directory", entry.directory());
        json.writeNumberProperty("size", entry.size());
        json.writeStringProperty(
            "modified", DateTimeFormatter.ISO_INSTANT.format(entry.lastModified()));
        json.writeStringProperty(
            "url", (entry.directory() ? target.asDirectory() : target).toUriPath());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    return out.toByteArray();
  }
}
