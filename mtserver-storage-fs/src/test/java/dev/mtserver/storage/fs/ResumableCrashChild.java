package dev.mtserver.storage.fs;

import dev.mtserver.domain.resumable.AppendOutcome;
import dev.mtserver.domain.resumable.AppendRequest;
import dev.mtserver.domain.resumable.CreateOutcome;
import dev.mtserver.domain.resumable.ResumableUploadLimits;
import dev.mtserver.domain.resumable.ResumableUploadService;
import dev.mtserver.domain.resumable.UploadId;
import dev.mtserver.domain.resumable.UploadMetadata;
import dev.mtserver.domain.upload.UploadArea;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A server's resumable uploads in a JVM of their own, for {@link ResumableCrashTest} to kill with
 * SIGKILL: it creates an upload of {@link #LENGTH} bytes of {@link #byteAt}, appends chunks of
 * {@link #CHUNK} bytes, printing {@code acked <offset>} as each is acknowledged, and then either
 * goes on until it is killed ({@code race}) or starts one more chunk and stalls in its middle,
 * printing {@code mid-chunk} ({@code stall}).
 */
public final class ResumableCrashChild {

  static final long LENGTH = 256L << 20;
  static final int CHUNK = 256 << 10;
  static final int ACKED_BEFORE_STALL = 4;

  private ResumableCrashChild() {}

  /** The byte at {@code position} of the upload: not periodic in any small stride. */
  static byte byteAt(long position) {
    long x = position * 0x9E3779B97F4A7C15L;
    return (byte) (x >>> 56);
  }

  public static void main(String[] args) throws Exception {
    Path partials = Path.of(args[0]);
    Path downloads = Path.of(args[1]);
    boolean stall = args[2].equals("stall");
    ResumableUploadService service =
        new ResumableUploadService(
            new FileSystemResumableUploadStore(partials, new FileSystemUploadStore(downloads)),
            ResumableUploadLimits.defaults(LENGTH),
            UploadArea.outsideSite());
    CreateOutcome.Created created =
        (CreateOutcome.Created) service.create(OptionalLong.of(LENGTH), UploadMetadata.none());
    UploadId id = created.status().upload().id();
    System.out.println("created " + id);
    long offset = 0;
    for (int i = 0; stall ? i < ACKED_BEFORE_STALL : offset < LENGTH; i++) {
      AppendOutcome outcome =
          service.append(AppendRequest.chunk(id, offset, CHUNK, pattern(offset, CHUNK, false)));
      offset = ((AppendOutcome.Appended) outcome).status().upload().offset();
      System.out.println("acked " + offset);
    }
    if (stall) {
      service.append(AppendRequest.chunk(id, offset, CHUNK, pattern(offset, CHUNK, true)));
    }
  }

  /** {@code length} bytes of the upload from {@code from}; stalling after half of them if told. */
  private static InputStream pattern(long from, int length, boolean stallHalfway) {
    return new InputStream() {
      private int sent;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (sent == length) {
          return -1;
        }
        if (stallHalfway && sent == length / 2) {
          System.out.println("mid-chunk");
          System.out.flush();
          try {
            Thread.sleep(Long.MAX_VALUE); // killed here, half a chunk written and not kept
          } catch (InterruptedException e) {
            throw new IOException(e);
          }
        }
        int n =
            Math.min(
                len,
                Math.min(8192, (stallHalfway && sent < length / 2 ? length / 2 : length) - sent));
        for (int i = 0; i < n; i++) {
          b[off + i] = byteAt(from + sent + i);
        }
        sent += n;
        return n;
      }
    };
  }
}
