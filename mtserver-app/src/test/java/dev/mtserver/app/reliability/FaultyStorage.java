package dev.mtserver.app.reliability;

import dev.mtserver.app.StorageDecorator;
import dev.mtserver.domain.content.ContentCoding;
import dev.mtserver.domain.content.ContentSource;
import dev.mtserver.domain.content.DirectoryEntry;
import dev.mtserver.domain.content.LoadResourcePort;
import dev.mtserver.domain.content.OpenContent;
import dev.mtserver.domain.content.Resource;
import dev.mtserver.domain.content.SiteEntry;
import dev.mtserver.domain.form.AppendSubmissionPort;
import dev.mtserver.domain.form.FormSubmission;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.upload.PendingUpload;
import dev.mtserver.domain.upload.StorageFullException;
import dev.mtserver.domain.upload.StoredFile;
import dev.mtserver.domain.upload.UploadArea;
import dev.mtserver.domain.upload.UploadStorePort;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A disk that fails on cue, put under the real server through {@link StorageDecorator}: each
 * adapter passes everything through to the real file-system adapter until a test arms a fault. The
 * faults are the ones a real disk produces — full (ENOSPC) or broken (EIO) halfway through a write,
 * a failed fsync of a received file, a read that breaks halfway through a file, a disk that takes
 * its time — and their messages carry {@link #SECRET}, so a test can check no client ever sees
 * them.
 */
final class FaultyStorage implements StorageDecorator {

  /** Text in every injected error: it must never reach a client. */
  static final String SECRET = "/dev/sdz9 secret-volume";

  enum UploadFault {
    NONE,
    FULL_MID_WRITE,
    BROKEN_MID_WRITE,
    FSYNC_FAILS,
    SLOW
  }

  enum LogFault {
    NONE,
    FULL,
    BROKEN,
    SLOW
  }

  enum ContentFault {
    NONE,
    LOOKUP_FAILS,
    OPEN_FAILS,
    READ_BREAKS_MIDWAY
  }

  volatile UploadFault uploadFault = UploadFault.NONE;
  volatile LogFault logFault = LogFault.NONE;

  /** Applies only to files whose name starts with {@code faulty}. */
  volatile ContentFault contentFault = ContentFault.NONE;

  /** Upload bytes that reach the real temporary file before a mid-write fault. */
  volatile long failAfterBytes = 256 * 1024;

  /** How long a slow disk takes for each write or append. */
  volatile Duration slowness = Duration.ofMillis(150);

  void heal() {
    uploadFault = UploadFault.NONE;
    logFault = LogFault.NONE;
    contentFault = ContentFault.NONE;
  }

  private IOException broken(String what) {
    return new IOException(SECRET + ": Input/output error while " + what);
  }

  private IOException full() {
    return new StorageFullException(
        "storage is full", new IOException(SECRET + ": No space left on device"));
  }

  private void slowly() throws IOException {
    try {
      Thread.sleep(slowness);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  // ---------------------------------------------------------------- uploads

  @Override
  public UploadStorePort uploads(UploadStorePort real) {
    return new UploadStorePort() {
      @Override
      public PendingUpload begin(String safeName) throws IOException {
        return new FaultyPendingUpload(real.begin(safeName));
      }

      @Override
      public long usableSpace() throws IOException {
        return real.usableSpace();
      }

      @Override
      public UploadArea area() {
        return real.area();
      }
    };
  }

  private final class FaultyPendingUpload implements PendingUpload {
    private final PendingUpload real;

    FaultyPendingUpload(PendingUpload real) {
      this.real = real;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      UploadFault fault = uploadFault;
      if (fault == UploadFault.SLOW) {
        slowly();
      }
      if (fault == UploadFault.FULL_MID_WRITE || fault == UploadFault.BROKEN_MID_WRITE) {
        long room = failAfterBytes - real.size();
        if (room < length) {
          // Like write(2) on a disk that fills up: what fits is written, then the error.
          if (room > 0) {
            real.write(bytes, offset, (int) room);
          }
          throw fault == UploadFault.FULL_MID_WRITE ? full() : broken("writing an upload");
        }
      }
      real.write(bytes, offset, length);
    }

    @Override
    public void seal() throws IOException {
      if (uploadFault
          == UploadFault.FSYNC_FAILS) { // the real store forces a file when it is sealed
        throw broken("forcing an upload to disk");
      }
      real.seal();
    }

    @Override
    public long size() {
      return real.size();
    }

    @Override
    public StoredFile commit() throws IOException {
      if (uploadFault == UploadFault.FSYNC_FAILS) {
        throw broken("forcing an upload to disk");
      }
      return real.commit();
    }

    @Override
    public void abort() {
      real.abort();
    }
  }

  // ---------------------------------------------------------------- submissions

  @Override
  public AppendSubmissionPort submissions(AppendSubmissionPort real) {
    return submission -> append(real, submission);
  }

  private void append(AppendSubmissionPort real, FormSubmission submission) throws IOException {
    switch (logFault) {
      case FULL -> throw full();
      case BROKEN -> throw broken("appending a submission");
      case SLOW -> slowly();
      case NONE -> {}
    }
    real.append(submission);
  }

  // ---------------------------------------------------------------- static content

  @Override
  public LoadResourcePort content(LoadResourcePort real) {
    return new LoadResourcePort() {
      @Override
      public Optional<SiteEntry> find(SitePath path) throws IOException {
        boolean faulty = path.fileName().startsWith("faulty");
        if (faulty && contentFault == ContentFault.LOOKUP_FAILS) {
          throw broken("looking up " + path);
        }
        Optional<SiteEntry> entry = real.find(path);
        if (faulty && entry.isPresent() && entry.get() instanceof SiteEntry.File file) {
          Resource r = file.resource();
          return Optional.of(
              new SiteEntry.File(
                  new Resource(
                      r.path(),
                      r.size(),
                      r.mediaType(),
                      r.validator(),
                      new FaultySource(r.source()))));
        }
        return entry;
      }

      @Override
      public List<DirectoryEntry> list(SitePath directory, int limit) throws IOException {
        return real.list(directory, limit);
      }

      @Override
      public Map<ContentCoding, Resource> findPrecompressed(Resource file) throws IOException {
        // the real store knows only the resources it made: ask it about its own
        Optional<SiteEntry> own = real.find(file.path());
        return own.isPresent() && own.get() instanceof SiteEntry.File found
            ? real.findPrecompressed(found.resource())
            : Map.of();
      }
    };
  }

  /** Reads from disk every time (never from the small-file cache), failing as armed. */
  private final class FaultySource implements ContentSource {
    private final ContentSource real;

    FaultySource(ContentSource real) {
      this.real = real;
    }

    @Override
    public OpenContent open() throws IOException {
      if (contentFault == ContentFault.OPEN_FAILS) {
        throw broken("opening a file");
      }
      OpenContent open = real.open();
      if (contentFault != ContentFault.READ_BREAKS_MIDWAY) {
        return open;
      }
      return new OpenContent() {
        @Override
        public long size() throws IOException {
          return open.size();
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target)
            throws IOException {
          long half = open.size() / 2;
          if (position >= half) {
            throw broken("reading a file");
          }
          return open.transferTo(position, Math.min(count, half - position), target);
        }

        @Override
        public void close() throws IOException {
          open.close();
        }
      };
    }
  }
}
