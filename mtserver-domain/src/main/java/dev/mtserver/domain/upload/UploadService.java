package dev.mtserver.domain.upload;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Implements {@link StoreUploadUseCase}: sanitises each client file name, streams the bytes into an
 * {@link UploadStorePort} without holding them in memory, and commits or aborts the request's files
 * together.
 */
public final class UploadService implements StoreUploadUseCase {

  private final UploadStorePort store;

  public UploadService(UploadStorePort store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public UploadBatch begin() {
    return new Batch();
  }

  @Override
  public long usableSpace() throws IOException {
    return store.usableSpace();
  }

  private final class Batch implements UploadBatch {

    private final List<PendingUpload> pending = new ArrayList<>();

    @Override
    public long add(String clientFileName, InputStream content) throws IOException {
      PendingUpload upload = store.begin(FileNameSanitizer.sanitize(clientFileName));
      pending.add(upload);
      // InputStream.transferTo lets a multipart part hand over its own buffer: no extra copy.
      try (OutputStream out = new PendingUploadOutput(upload)) {
        content.transferTo(out);
      }
      upload.seal(); // it waits for the rest of the request without holding anything open
      return upload.size();
    }

    @Override
    public int size() {
      return pending.size();
    }

    @Override
    public ImmutableList<StoredFile> commit() throws IOException {
      ImmutableList.Builder<StoredFile> stored = ImmutableList.builder();
      while (!pending.isEmpty()) {
        stored.add(pending.get(0).commit());
        pending.remove(0);
      }
      return stored.build();
    }

    @Override
    public void close() {
      for (PendingUpload upload : pending) {
        upload.abort();
      }
      pending.clear();
    }
  }

  /** Adapts a pending upload to the {@link OutputStream} that {@code transferTo} writes to. */
  private static final class PendingUploadOutput extends OutputStream {
    private final PendingUpload upload;

    PendingUploadOutput(PendingUpload upload) {
      this.upload = upload;
    }

    @Override
    public void write(int b) throws IOException {
      upload.write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len > 0) {
        upload.write(b, off, len);
      }
    }
  }
}
