package dev.mtserver.domain.resumable;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UploadChecksumTest {

  @Test
  void reads_the_protocols_example_and_matches_its_digest() {
    UploadChecksum checksum = UploadChecksum.parse("sha1 Kq5sNclPz7QV2+lfQIuc6R7oRu0=");

    assertThat(checksum.algorithm()).isEqualTo(ChecksumAlgorithm.SHA1);
    assertThat(
            checksum.matches(
                ChecksumAlgorithm.SHA1.newDigest().digest("hello world".getBytes(UTF_8))))
        .isTrue();
    assertThat(
            checksum.matches(
                ChecksumAlgorithm.SHA1.newDigest().digest("hello worle".getBytes(UTF_8))))
        .isFalse();
  }

  @Test
  void advertises_sha1_first() {
    assertThat(ChecksumAlgorithm.advertised()).isEqualTo("sha1,md5,sha256,sha512");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "crc32 AAAAAA==", // not supported: 400 as the protocol says
        "SHA1 Kq5sNclPz7QV2+lfQIuc6R7oRu0=", // names are lower case
        "sha1", // no digest
        "sha1  Kq5sNclPz7QV2+lfQIuc6R7oRu0=", // two spaces
        "sha1 Kq5sNclPz7QV2+lfQIuc6R7oRu0=!", // not Base64
        "sha1 AAAA", // too short for SHA-1
      })
  void refuses_unknown_algorithms_and_malformed_values(String header) {
    assertThatThrownBy(() -> UploadChecksum.parse(header))
        .isInstanceOf(MalformedUploadRequestException.class);
  }
}
