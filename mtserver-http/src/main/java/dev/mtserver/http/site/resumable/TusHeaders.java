package dev.mtserver.http.site.resumable;

import com.google.common.net.MediaType;
import dev.mtserver.domain.resumable.MalformedUploadRequestException;
import dev.mtserver.domain.resumable.UploadChecksum;
import dev.mtserver.domain.resumable.UploadMetadata;
import dev.mtserver.http.codec.HttpFields;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The tus 1.0.0 request header fields, read strictly: each reader returns what the field says,
 * empty when it is absent, and throws {@link MalformedUploadRequestException} (answered 400) when
 * it is present but not what the protocol allows, or sent twice. The messages name the rule, never
 * the client's text. Pure functions of the fields: no state.
 */
final class TusHeaders {

  /** The only protocol version this server speaks. */
  static final String VERSION = "1.0.0";

  /**
   * The body type of a chunk ({@code PATCH}, or a {@code POST} with {@code creation-with-upload}).
   */
  static final MediaType OFFSET_OCTET_STREAM =
      MediaType.create("application", "offset+octet-stream");

  /** Digits in the largest value a {@code long} holds: longer is refused before parsing. */
  private static final int MAX_DIGITS = 19;

  private TusHeaders() {}

  /**
   * True when the request says it speaks tus 1.0.0 ({@code Tus-Resumable}); every request but
   * {@code OPTIONS} must (412 otherwise).
   */
  static boolean speaksVersion(HttpFields fields) {
    List<String> values = fields.all("Tus-Resumable");
    return values.size() == 1 && values.get(0).strip().equals(VERSION);
  }

  /** {@code Upload-Offset}: a non-negative decimal integer; empty when absent. */
  static OptionalLong uploadOffset(HttpFields fields) {
    return number(fields, "Upload-Offset");
  }

  /** {@code Upload-Length}: a non-negative decimal integer; empty when absent. */
  static OptionalLong uploadLength(HttpFields fields) {
    return number(fields, "Upload-Length");
  }

  /** {@code Upload-Defer-Length}: when present, its only allowed value is {@code 1}. */
  static boolean defersLength(HttpFields fields) {
    Optional<String> value = single(fields, "Upload-Defer-Length");
    if (value.isEmpty()) {
      return false;
    }
    if (!value.get().strip().equals("1")) {
      throw new MalformedUploadRequestException("Upload-Defer-Length must be 1");
    }
    return true;
  }

  /**
   * The length a creating {@code POST} declares: {@code Upload-Length}, or empty for {@code
   * Upload-Defer-Length: 1}; exactly one of the two must be sent.
   */
  static OptionalLong creationLength(HttpFields fields) {
    OptionalLong length = uploadLength(fields);
    boolean deferred = defersLength(fields);
    if (length.isPresent() == deferred) {
      throw new MalformedUploadRequestException(
          "send either Upload-Length or Upload-Defer-Length: 1");
    }
    return length;
  }

  /** {@code Upload-Metadata}; none when absent. */
  static UploadMetadata metadata(HttpFields fields) {
    return single(fields, "Upload-Metadata")
        .map(UploadMetadata::parse)
        .orElse(UploadMetadata.none());
  }

  /** {@code Upload-Checksum}; empty when absent. */
  static Optional<UploadChecksum> checksum(HttpFields fields) {
    return single(fields, "Upload-Checksum").map(value -> UploadChecksum.parse(value.strip()));
  }

  /**
   * True when {@code Content-Type} is {@code application/offset+octet-stream} (parameters ignored);
   * false when it is absent, another type or unparsable (415 either way).
   */
  static boolean isChunk(HttpFields fields) {
    Optional<String> value = fields.first("Content-Type");
    if (value.isEmpty()) {
      return false;
    }
    try {
      return MediaType.parse(value.get()).withoutParameters().equals(OFFSET_OCTET_STREAM);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The method a {@code POST} stands for when it carries {@code X-HTTP-Method-Override} (for
   * clients behind proxies that drop {@code PATCH} and {@code DELETE}; tus-js-client's {@code
   * overridePatchMethod}); empty when it carries none.
   */
  static Optional<String> methodOverride(HttpFields fields) {
    return single(fields, "X-HTTP-Method-Override").map(String::strip);
  }

  private static OptionalLong number(HttpFields fields, String name) {
    Optional<String> value = single(fields, name);
    if (value.isEmpty()) {
      return OptionalLong.empty();
    }
    String digits = value.get().strip();
    if (digits.isEmpty()
        || digits.length() > MAX_DIGITS
        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new MalformedUploadRequestException(name + " must be a non-negative integer");
    }
    try {
      return OptionalLong.of(Long.parseLong(digits));
    } catch (NumberFormatException e) { // 19 digits above Long.MAX_VALUE
      throw new MalformedUploadRequestException(name + " is too large");
    }
  }

  /** The field's one value; empty when absent, refused when sent more than once. */
  private static Optional<String> single(HttpFields fields, String name) {
    List<String> values = fields.all(name);
    if (values.size() > 1) {
      throw new MalformedUploadRequestException(name + " must be sent once");
    }
    return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
