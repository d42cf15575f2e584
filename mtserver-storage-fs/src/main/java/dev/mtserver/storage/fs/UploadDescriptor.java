package dev.mtserver.storage.fs;

import dev.mtserver.domain.resumable.ResumableUpload;
import dev.mtserver.domain.resumable.UploadId;
import dev.mtserver.domain.resumable.UploadMetadata;
import dev.mtserver.domain.upload.StoredFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalLong;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * What does not change with each chunk of a resumable upload, as the JSON of {@code <id>.info}:
 * {@code {"id":"…","length":1048576,"metadata":"filename
 * cmVwb3J0LnBkZg==","created":"2026-12-01T10:00:00Z"}}, without {@code length} while it is
 * deferred, and with {@code "stored":{"name":"report.pdf","size":1048576}} once published. The
 * offset and expiry live in {@link ProgressFile}.
 */
record UploadDescriptor(
    UploadId id,
    OptionalLong length,
    UploadMetadata metadata,
    Instant created,
    Optional<StoredFile> stored) {

  private static final JsonFactory JSON = new JsonFactory();

  /** The parts of {@code upload} this file holds. */
  static UploadDescriptor of(ResumableUpload upload) {
    return new UploadDescriptor(
        upload.id(), upload.length(), upload.metadata(), upload.created(), upload.stored());
  }

  /** The upload, given its progress. */
  ResumableUpload withProgress(ProgressFile.Progress progress) {
    return new ResumableUpload(
        id, length, metadata, created, progress.offset(), progress.expires(), stored);
  }

  byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(ObjectWriteContext.empty(), out)) {
      json.writeStartObject();
      json.writeStringProperty("id", id.value());
      if (length.isPresent()) {
        json.writeNumberProperty("length", length.getAsLong());
      }
      json.writeStringProperty("metadata", metadata.header());
      json.writeStringProperty("created", created.toString());
      if (stored.isPresent()) {
        json.writeObjectPropertyStart("stored");
        json.writeStringProperty("name", stored.get().name());
        json.writeNumberProperty("size", stored.get().size());
        json.writeEndObject();
      }
      json.writeEndObject();
    }
    out.write('\n');
    return out.toByteArray();
  }

  /**
   * Reads what {@link #toJson} wrote.
   *
   * @throws IOException when the bytes are not such a descriptor (damaged outside the server)
   */
  static UploadDescriptor fromJson(byte[] bytes) throws IOException {
    try (JsonParser json = JSON.createParser(ObjectReadContext.empty(), bytes)) {
      expect(json.nextToken(), JsonToken.START_OBJECT);
      String id = null;
      OptionalLong length = OptionalLong.empty();
      String metadata = null;
      String created = null;
      Optional<StoredFile> stored = Optional.empty();
      while (json.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = json.currentName();
        JsonToken value = json.nextToken();
        switch (name) {
          case "id" -> id = json.getString();
          case "length" -> length = OptionalLong.of(json.getLongValue());
          case "metadata" -> metadata = json.getString();
          case "created" -> created = json.getString();
          case "stored" -> stored = Optional.of(storedFile(json, value));
          default -> json.skipChildren(); // written by a later version: not ours to judge
        }
      }
      if (id == null || metadata == null || created == null) {
        throw new IOException("an upload descriptor lacks id, metadata or created");
      }
      return new UploadDescriptor(
          new UploadId(id), length, UploadMetadata.parse(metadata), Instant.parse(created), stored);
    } catch (JacksonException | IllegalArgumentException | DateTimeParseException e) {
      // metadata that no longer parses (MalformedUploadRequestException is an
      // IllegalArgumentException) was damaged after it was written
      throw new IOException("not an upload descriptor: " + e.getMessage(), e);
    }
  }

  private static StoredFile storedFile(JsonParser json, JsonToken start) throws IOException {
    expect(start, JsonToken.START_OBJECT);
    String name = null;
    long size = -1;
    while (json.nextToken() == JsonToken.PROPERTY_NAME) {
      String property = json.currentName();
      json.nextToken();
      switch (property) {
        case "name" -> name = json.getString();
        case "size" -> size = json.getLongValue();
        default -> json.skipChildren();
      }
    }
    if (name == null || size < 0) {
      throw new IOException("a stored file lacks its name or size");
    }
    return new StoredFile(name, size);
  }

  private static void expect(JsonToken actual, JsonToken expected) throws IOException {
    if (actual != expected) {
      throw new IOException("expected " + expected + ", found " + actual);
    }
  }
}
