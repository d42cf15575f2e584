package dev.mtserver.domain.resumable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UploadMetadataTest {

  @Test
  void reads_the_pairs_of_the_protocols_example() {
    UploadMetadata metadata =
        UploadMetadata.parse("filename d29ybGRfZG9taW5hdGlvbl9wbGFuLnBkZg==,is_confidential");

    assertThat(metadata.fileName()).hasValue("world_domination_plan.pdf");
    assertThat(metadata.keys()).containsExactly("filename", "is_confidential");
    assertThat(metadata.value("is_confidential")).hasValueSatisfying(v -> assertThat(v).isEmpty());
    assertThat(metadata.header())
        .isEqualTo("filename d29ybGRfZG9taW5hdGlvbl9wbGFuLnBkZg==,is_confidential");
  }

  @Test
  void tolerates_white_space_around_pairs_and_reports_them_without_it() {
    UploadMetadata metadata =
        UploadMetadata.parse(" filename YS50eHQ= , filetype dGV4dC9wbGFpbg== ");

    assertThat(metadata.fileName()).hasValue("a.txt");
    assertThat(metadata.fileType()).hasValue("text/plain");
    assertThat(metadata.header()).isEqualTo("filename YS50eHQ=,filetype dGV4dC9wbGFpbg==");
  }

  @Test
  void values_are_utf8_and_what_is_not_is_replaced() {
    assertThat(UploadMetadata.parse("filename w6l0w6kucGRm").fileName()).hasValue("été.pdf");
    assertThat(UploadMetadata.parse("filename /w==").fileName()).hasValue("\uFFFD");
  }

  @Test
  void no_header_is_no_metadata() {
    assertThat(UploadMetadata.parse("")).isEqualTo(UploadMetadata.none());
    assertThat(UploadMetadata.none().header()).isEmpty();
    assertThat(UploadMetadata.none().fileName()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "filename not-base64!", // value outside the alphabet
        "filename YQ==,filename Yg==", // the same key twice
        "filename YQ==,", // an empty pair
        ",filename YQ==",
        "fïlename YQ==", // a key outside ASCII
        "file\u0001name YQ==", // a control character
        "filename  YQ==", // two spaces: the value would start with one
      })
  void refuses_what_the_protocol_does_not_allow(String header) {
    assertThatThrownBy(() -> UploadMetadata.parse(header))
        .isInstanceOf(MalformedUploadRequestException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(header));
  }

  @Test
  void refuses_a_header_longer_than_the_bound() {
    String huge = "k " + "A".repeat(UploadMetadata.MAX_LENGTH);

    assertThatThrownBy(() -> UploadMetadata.parse(huge))
        .isInstanceOf(MalformedUploadRequestException.class);
  }
}
