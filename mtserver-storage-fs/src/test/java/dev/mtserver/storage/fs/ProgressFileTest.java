package dev.mtserver.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.storage.fs.ProgressFile.Progress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressFileTest {

  private static final Instant EXPIRES = Instant.parse("2026-12-02T10:00:00Z");

  @TempDir Path dir;

  private FileChannel open() throws IOException {
    return FileChannel.open(
        dir.resolve("x.progress"),
        StandardOpenOption.CREATE,
        StandardOpenOption.READ,
        StandardOpenOption.WRITE);
  }

  @Test
  void the_latest_state_is_read_back_whichever_slot_it_is_in() throws IOException {
    try (FileChannel channel = open()) {
      Progress first = ProgressFile.initialise(channel, 0, EXPIRES);
      assertThat(ProgressFile.read(channel)).isEqualTo(first);

      Progress second = first.next(4096, EXPIRES.plusSeconds(1));
      ProgressFile.write(channel, second);
      assertThat(ProgressFile.read(channel)).isEqualTo(second);

      Progress third = second.next(8192, EXPIRES.plusSeconds(2));
      ProgressFile.write(channel, third);
      assertThat(ProgressFile.read(channel)).isEqualTo(third);
      assertThat(channel.size()).isEqualTo(ProgressFile.SIZE);
    }
  }

  @Test
  void a_slot_torn_while_it_was_written_leaves_the_previous_state() throws IOException {
    try (FileChannel channel = open()) {
      Progress first = ProgressFile.initialise(channel, 0, EXPIRES);
      Progress second = first.next(4096, EXPIRES);
      ProgressFile.write(channel, second); // generation 2: the second slot
      Progress third = second.next(8192, EXPIRES);
      ProgressFile.write(channel, third); // generation 3: the first slot

      // A crash in the middle of writing the third: only its first half reached the disk.
      channel.write(ByteBuffer.wrap(new byte[ProgressFile.SLOT / 2]), ProgressFile.SLOT / 2);

      assertThat(ProgressFile.read(channel)).isEqualTo(second);
    }
  }

  @Test
  void a_file_with_no_valid_slot_is_an_error_not_an_offset_of_zero() throws IOException {
    try (FileChannel channel = open()) {
      channel.write(ByteBuffer.wrap(new byte[ProgressFile.SIZE]), 0);

      assertThatThrownBy(() -> ProgressFile.read(channel)).isInstanceOf(IOException.class);
    }
  }
}
