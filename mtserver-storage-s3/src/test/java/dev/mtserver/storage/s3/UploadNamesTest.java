package dev.mtserver.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class UploadNamesTest {

  @Test
  void the_name_then_nine_numbered_copies_then_short_random_numbers() {
    Random random = new Random(7);

    assertThat(UploadNames.candidate("report.pdf", 0, random)).isEqualTo("report.pdf");
    assertThat(UploadNames.candidate("report.pdf", 1, random)).isEqualTo("report (1).pdf");
    assertThat(UploadNames.candidate("data.tar.gz", 9, random)).isEqualTo("data (9).tar.gz");
    assertThat(UploadNames.candidate("report.pdf", 10, random)).matches("report \\(\\d{6}\\)\\.pdf");
    assertThatThrownBy(() -> UploadNames.candidate("report.pdf", UploadNames.MAX_ATTEMPTS, random))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
