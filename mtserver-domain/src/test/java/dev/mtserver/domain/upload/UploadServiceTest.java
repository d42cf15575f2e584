package dev.mtserver.domain.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.domain.testing.InMemoryUploadStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UploadServiceTest {

  private final InMemoryUploadStore store = new InMemoryUploadStore();
  private final UploadService service = new UploadService(store);

  @Test
  void stores_files_under_sanitised_names_only_when_committed() throws IOException {
    try (UploadBatch batch = service.begin()) {
      assertThat(batch.add("../../secret/notes.txt", bytes("hello"))).isEqualTo(5);
      assertThat(store.files()).isEmpty();

      assertThat(batch.commit()).containsExactly(new StoredFile("notes.txt", 5));
    }
    assertThat(store.file("notes.txt"))
        .hasValueSatisfying(b -> assertThat(b).isEqualTo("hello".getBytes(StandardCharsets.UTF_8)));
    assertThat(store.pendingCount()).isZero();
  }

  @Test
  void never_overwrites_an_existing_name() throws IOException {
    store.existing("report.pdf", new byte[] {1});

    try (UploadBatch batch = service.begin()) {
      batch.add("report.pdf", bytes("new"));
      batch.add("report.pdf", bytes("newer"));
      assertThat(batch.commit())
          .extracting(StoredFile::name)
          .containsExactly("report (1).pdf", "report (2).pdf");
    }
    assertThat(store.file("report.pdf")).hasValueSatisfying(b -> assertThat(b).containsExactly(1));
  }

  @Test
  void each_file_is_sealed_once_its_content_ends_so_a_request_writes_one_file_at_a_time()
      throws IOException {
    try (UploadBatch batch = service.begin()) {
      for (int i = 0; i < 100; i++) {
        batch.add("file-" + i + ".txt", bytes("content " + i));
      }
      assertThat(store.pendingCount()).as("all wait for the request to end").isEqualTo(100);
      assertThat(store.mostWrittenAtOnce()).as("but only one was ever being written").isEqualTo(1);

      assertThat(batch.commit()).hasSize(100);
    }
    assertThat(store.file("file-99.txt"))
        .hasValueSatisfying(
            b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("content 99"));
  }

  @Test
  void closing_without_commit_throws_every_file_away() throws IOException {
    try (UploadBatch batch = service.begin()) {
      batch.add("a.txt", bytes("a"));
      batch.add("b.txt", bytes("b"));
    }
    assertThat(store.files()).isEmpty();
    assertThat(store.pendingCount()).isZero();
  }

  @Test
  @SuppressWarnings("InputStreamSlowMultibyteRead") // it exists to fail a read; speed is moot
  void a_stream_that_fails_midway_leaves_nothing_once_the_batch_is_closed() {
    InputStream broken =
        new InputStream() {
          private int sent;

          @Override
          public int read() throws IOException {
            if (sent++ < 1000) {
              return 'x';
            }
            throw new IOException("client went away");
          }
        };

    try (UploadBatch batch = service.begin()) {
      assertThatThrownBy(() -> batch.add("big.bin", broken)).hasMessage("client went away");
    }
    assertThat(store.files()).isEmpty();
    assertThat(store.pendingCount()).isZero();
  }

  @Test
  void a_full_store_reports_storage_full_and_keeps_nothing() {
    UploadService small = new UploadService(new InMemoryUploadStore(10));

    try (UploadBatch batch = small.begin()) {
      assertThatThrownBy(() -> batch.add("big.bin", new ByteArrayInputStream(new byte[100])))
          .isInstanceOf(StorageFullException.class);
    }
  }

  private static InputStream bytes(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }
}
