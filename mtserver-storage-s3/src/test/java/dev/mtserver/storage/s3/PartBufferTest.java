package dev.mtserver.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

class PartBufferTest {

  private static final int PART = UploadSettings.MIN_PART_SIZE;

  @Test
  void a_part_is_filled_in_any_slices_and_read_back_exactly_as_often_as_the_sdk_asks()
      throws IOException {
    UploadMemory memory = new UploadMemory(PART, Duration.ZERO);
    PartBuffer buffer = new PartBuffer(memory, PART);
    byte[] content = new byte[PART + 10];
    new Random(3).nextBytes(content);

    int taken = 0;
    for (int slice : new int[] {1, 7, 300_000, 65_536}) {
      taken += buffer.write(content, taken, slice);
    }
    taken += buffer.write(content, taken, content.length - taken); // stops at the part's end

    assertThat(taken).isEqualTo(PART);
    assertThat(buffer.isFull()).isTrue();
    RequestBody body = buffer.body();
    assertThat(body.optionalContentLength()).contains((long) PART);
    assertThat(readAll(body)).isEqualTo(Arrays.copyOf(content, PART));
    assertThat(readAll(body))
        .as("read again, as for signing then sending")
        .isEqualTo(Arrays.copyOf(content, PART));
  }

  @Test
  void one_upload_holds_at_most_one_part_and_reuses_it_so_a_gigabyte_allocates_one_part()
      throws IOException {
    UploadMemory memory = new UploadMemory(PART, Duration.ZERO);
    PartBuffer buffer = new PartBuffer(memory, PART);
    byte[] slice = new byte[64 * 1024];
    long before = allocatedBytes();

    for (long sent = 0;
        sent < (1L << 30);
        sent += slice.length) { // what 1 GiB through the store costs in memory
      if (buffer.isFull()) {
        buffer.clear(); // the part was sent
      }
      buffer.write(slice, 0, slice.length);
    }

    long allocated = allocatedBytes() - before;
    assertThat(memory.available())
        .as("every chunk of the budget is in use by this one part")
        .isZero();
    assertThat(allocated).as("allocated to buffer 1 GiB").isLessThan(PART + (1L << 20));
    buffer.release();
    assertThat(memory.available()).isEqualTo(PART / UploadMemory.CHUNK_BYTES);
  }

  @Test
  void a_small_file_holds_about_its_own_size() throws IOException {
    UploadMemory memory = new UploadMemory(PART, Duration.ZERO);
    PartBuffer buffer = new PartBuffer(memory, PART);

    buffer.write(new byte[1000], 0, 1000);

    assertThat(PART / UploadMemory.CHUNK_BYTES - memory.available()).isEqualTo(1);
  }

  private static byte[] readAll(RequestBody body) throws IOException {
    try (InputStream in = body.contentStreamProvider().newStream()) {
      return in.readAllBytes();
    }
  }

  private static long allocatedBytes() {
    return ((ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }
}
