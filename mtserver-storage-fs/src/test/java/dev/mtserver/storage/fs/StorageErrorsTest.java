package dev.mtserver.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.domain.upload.StorageFullException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StorageErrorsTest {

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of(new IOException("No space left on device"), true),
        Arguments.of(
            new FileSystemException("/x/.upload-1.part", null, "No space left on device"), true),
        Arguments.of(new IOException("Disk quota exceeded"), true),
        Arguments.of(new IOException("Input/output error"), false),
        Arguments.of(new FileSystemException("/x", null, "Permission denied"), false),
        Arguments.of(new IOException((String) null), false));
  }

  @ParameterizedTest(name = "{0} -> full={1}")
  @MethodSource("errors")
  void recognises_a_full_disk(IOException error, boolean full) {
    IOException classified = StorageErrors.classify(error);

    if (full) {
      assertThat(classified).isInstanceOf(StorageFullException.class).isNotSameAs(error);
    } else {
      assertThat(classified).isNotInstanceOf(StorageFullException.class).isSameAs(error);
    }
  }
}
