package dev.mtserver.http.site.resumable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.domain.resumable.ChecksumAlgorithm;
import dev.mtserver.domain.resumable.MalformedUploadRequestException;
import dev.mtserver.http.codec.HttpFields;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TusHeadersTest {

  private static HttpFields fields(String... nameValues) {
    HttpFields fields = new HttpFields();
    for (int i = 0; i < nameValues.length; i += 2) {
      fields.add(nameValues[i], nameValues[i + 1]);
    }
    return fields;
  }

  @Test
  void onlyVersionOneZeroZeroIsSpoken() {
    assertThat(TusHeaders.speaksVersion(fields("Tus-Resumable", "1.0.0"))).isTrue();
    assertThat(TusHeaders.speaksVersion(fields("Tus-Resumable", "0.2.2"))).isFalse();
    assertThat(TusHeaders.speaksVersion(fields())).isFalse();
    assertThat(TusHeaders.speaksVersion(fields("Tus-Resumable", "1.0.0", "Tus-Resumable", "1.0.0")))
        .isFalse();
  }

  @Test
  void offsetsAndLengthsAreNonNegativeDecimalIntegers() {
    assertThat(TusHeaders.uploadOffset(fields("Upload-Offset", "0"))).hasValue(0);
    assertThat(TusHeaders.uploadOffset(fields("Upload-Offset", "9223372036854775807")))
        .hasValue(Long.MAX_VALUE);
    assertThat(TusHeaders.uploadLength(fields())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "-1",
        "+5",
        "1e3",
        "0x10",
        "1 2",
        "9223372036854775808",
        "12345678901234567890"
      })
  void aMalformedOffsetIsRefusedNamingTheField(String value) {
    assertThatThrownBy(() -> TusHeaders.uploadOffset(fields("Upload-Offset", value)))
        .isInstanceOf(MalformedUploadRequestException.class)
        .hasMessageContaining("Upload-Offset")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(value.isEmpty() ? "\0" : value));
  }

  @Test
  void aFieldSentTwiceIsRefused() {
    assertThatThrownBy(
            () -> TusHeaders.uploadOffset(fields("Upload-Offset", "1", "Upload-Offset", "1")))
        .isInstanceOf(MalformedUploadRequestException.class)
        .hasMessageContaining("once");
  }

  @Test
  void creationTakesEitherALengthOrADeferral() {
    assertThat(TusHeaders.creationLength(fields("Upload-Length", "10")))
        .isEqualTo(OptionalLong.of(10));
    assertThat(TusHeaders.creationLength(fields("Upload-Defer-Length", "1"))).isEmpty();
    assertThatThrownBy(() -> TusHeaders.creationLength(fields()))
        .isInstanceOf(MalformedUploadRequestException.class);
    assertThatThrownBy(
            () ->
                TusHeaders.creationLength(
                    fields("Upload-Length", "10", "Upload-Defer-Length", "1")))
        .isInstanceOf(MalformedUploadRequestException.class);
    assertThatThrownBy(() -> TusHeaders.creationLength(fields("Upload-Defer-Length", "0")))
        .isInstanceOf(MalformedUploadRequestException.class)
        .hasMessageContaining("must be 1");
  }

  @Test
  void theChunkTypeIgnoresParametersAndCase() {
    assertThat(TusHeaders.isChunk(fields("Content-Type", "application/offset+octet-stream")))
        .isTrue();
    assertThat(TusHeaders.isChunk(fields("Content-Type", "Application/Offset+Octet-Stream; x=1")))
        .isTrue();
    assertThat(TusHeaders.isChunk(fields("Content-Type", "application/octet-stream"))).isFalse();
    assertThat(TusHeaders.isChunk(fields("Content-Type", "not a type"))).isFalse();
    assertThat(TusHeaders.isChunk(fields())).isFalse();
  }

  @Test
  void metadataAndChecksumAreTheDomainsFormats() {
    assertThat(TusHeaders.metadata(fields()).isEmpty()).isTrue();
    assertThat(TusHeaders.metadata(fields("Upload-Metadata", "filename d29ybGQucGRm")).fileName())
        .hasValue("world.pdf");
    assertThat(TusHeaders.checksum(fields("Upload-Checksum", "sha1 Kq5sNclPz7QV2+lfQIuc6R7oRu0=")))
        .hasValueSatisfying(c -> assertThat(c.algorithm()).isEqualTo(ChecksumAlgorithm.SHA1));
    assertThatThrownBy(() -> TusHeaders.checksum(fields("Upload-Checksum", "crc32 AAAA")))
        .isInstanceOf(MalformedUploadRequestException.class);
  }

  @Test
  void aMethodOverrideIsReadWhenPresent() {
    assertThat(TusHeaders.methodOverride(fields("X-HTTP-Method-Override", "PATCH")))
        .hasValue("PATCH");
    assertThat(TusHeaders.methodOverride(fields())).isEmpty();
  }
}
