package dev.mtserver.storage.s3;

import dev.mtserver.domain.upload.StoredFile;
import dev.mtserver.domain.upload.UploadBatch;
import dev.mtserver.domain.upload.UploadService;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Run in a JVM of its own with a small heap by {@link LargeUploadIT}: streams a generated file of
 * the given size through the domain's upload service into the store, then prints {@code STORED name
 * size sha256} and the heap it was given.
 */
public final class LargeUploadMain {

  private LargeUploadMain() {}

  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(args[0]);
    S3Location location = S3Location.parse(args[1]);
    long size = Long.parseLong(args[2]);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (S3Connection store =
        S3Connection.open(TestStores.config(endpoint), TestStores.TIMER_THREADS)) {
      S3UploadStore uploads = S3UploadStore.open(store, location, UploadSettings.defaults());
      StoredFile stored;
      try (UploadBatch batch = new UploadService(uploads).begin();
          InputStream content = new DigestInputStream(new GeneratedBytes(size), sha)) {
        batch.add("large.bin", content);
        stored = batch.commit().get(0);
      }
      System.out.println(
          "STORED "
              + stored.name()
              + " "
              + stored.size()
              + " "
              + HexFormat.of().formatHex(sha.digest())
              + " maxHeap="
              + Runtime.getRuntime().maxMemory());
    }
  }

  /** {@code size} bytes of a fixed, cheap pattern: the same on both sides of the test. */
  static final class GeneratedBytes extends InputStream {
    private final long size;
    private long position;

    GeneratedBytes(long size) {
      this.size = size;
    }

    static byte at(long i) {
      return (byte) (i * 31 + (i >>> 11) + (i >>> 23));
    }

    @Override
    public int read() {
      return position < size ? at(position++) & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      for (int i = 0; i < n; i++) {
        b[off + i] = at(position + i);
      }
      position += n;
      return n;
    }
  }
}
