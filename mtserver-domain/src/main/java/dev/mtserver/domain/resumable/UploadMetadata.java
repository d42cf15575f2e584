package dev.mtserver.domain.resumable;

import com.google.common.collect.ImmutableMap;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a client said about an upload when it created it ({@code Upload-Metadata}): comma-separated
 * pairs of a key and a Base64 value, such as {@code filename d29ybGQucGRm,filetype
 * YXBwbGljYXRpb24vcGRm}. The server uses {@code filename} and {@code filetype} for the stored name
 * ({@link StoredNames}); everything is kept and reported back as the client sent it.
 *
 * <p>Parsing is strict where a mistake could reach a response header: keys are printable ASCII
 * without commas (the protocol forbids spaces and commas and asks for ASCII), unique and not empty;
 * values are Base64, possibly empty. White space around a pair is tolerated. Values are bytes;
 * {@link #text} reads one as UTF-8, replacing what is not. Immutable.
 */
public final class UploadMetadata {

  /** The longest {@code Upload-Metadata} value accepted, in characters. */
  public static final int MAX_LENGTH = 8 * 1024;

  private static final UploadMetadata NONE = new UploadMetadata(ImmutableMap.of());

  /** Keys to their Base64 values, in the client's order. */
  private final ImmutableMap<String, String> encoded;

  private UploadMetadata(ImmutableMap<String, String> encoded) {
    this.encoded = encoded;
  }

  /** No metadata: the client sent no {@code Upload-Metadata}. */
  public static UploadMetadata none() {
    return NONE;
  }

  /**
   * Reads an {@code Upload-Metadata} value.
   *
   * @throws MalformedUploadRequestException when it breaks a rule above or is longer than {@link
   *     #MAX_LENGTH}
   */
  public static UploadMetadata parse(String header) {
    if (header.length() > MAX_LENGTH) {
      throw new MalformedUploadRequestException(
          "upload metadata is longer than " + MAX_LENGTH + " characters");
    }
    if (header.isBlank()) {
      return NONE;
    }
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String pair : header.split(",", -1)) {
      String trimmed = pair.strip();
      int space = trimmed.indexOf(' ');
      String key = space < 0 ? trimmed : trimmed.substring(0, space);
      String value = space < 0 ? "" : trimmed.substring(space + 1);
      if (!isKey(key)) {
        throw new MalformedUploadRequestException(
            "a metadata key is printable ASCII without commas, never empty");
      }
      if (!isBase64(value)) {
        throw new MalformedUploadRequestException("a metadata value is Base64");
      }
      if (pairs.putIfAbsent(key, value) != null) {
        throw new MalformedUploadRequestException("a metadata key appears twice");
      }
    }
    return new UploadMetadata(ImmutableMap.copyOf(pairs));
  }

  private static boolean isKey(String key) {
    return !key.isEmpty() && key.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ',');
  }

  private static boolean isBase64(String value) {
    try {
      Base64.getDecoder().decode(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The keys, in the client's order. */
  public Set<String> keys() {
    return encoded.keySet();
  }

  /** The bytes of {@code key}'s value; empty when there is no such key. */
  public Optional<byte[]> value(String key) {
    return Optional.ofNullable(encoded.get(key)).map(Base64.getDecoder()::decode);
  }

  /** {@code key}'s value read as UTF-8, anything that is not replaced by U+FFFD. */
  public Optional<String> text(String key) {
    return value(key).map(UploadMetadata::utf8);
  }

  /** The {@code filename} the client gave, unsanitised. */
  public Optional<String> fileName() {
    return text("filename");
  }

  /** The {@code filetype} the client gave: a hint, never trusted as the type of what it sends. */
  public Optional<String> fileType() {
    return text("filetype");
  }

  /**
   * The metadata as an {@code Upload-Metadata} value: {@code key value} pairs joined by commas, a
   * key alone where its value is empty; {@code ""} when there is none. Only printable ASCII.
   */
  public String header() {
    return encoded.entrySet().stream()
        .map(e -> e.getValue().isEmpty() ? e.getKey() : e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(","));
  }

  public boolean isEmpty() {
    return encoded.isEmpty();
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalStateException("a replacing decoder does not fail", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UploadMetadata other && encoded.equals(other.encoded);
  }

  @Override
  public int hashCode() {
    return encoded.hashCode();
  }

  @Override
  public String toString() {
    return header();
  }
}
