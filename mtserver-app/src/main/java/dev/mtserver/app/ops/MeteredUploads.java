package dev.mtserver.app.ops;

import com.google.common.collect.ImmutableList;
import dev.mtserver.domain.upload.StoreUploadUseCase;
import dev.mtserver.domain.upload.StoredFile;
import dev.mtserver.domain.upload.UploadBatch;
import dev.mtserver.http.site.admin.ServerMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/** Counts the files an upload use case stores, as they become visible (on commit). */
public final class MeteredUploads implements StoreUploadUseCase {

  private final StoreUploadUseCase uploads;
  private final ServerMetrics metrics;

  public MeteredUploads(StoreUploadUseCase uploads, ServerMetrics metrics) {
    this.uploads = Objects.requireNonNull(uploads, "uploads");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  @Override
  public UploadBatch begin() {
    UploadBatch batch = uploads.begin();
    return new UploadBatch() {
      @Override
      public long add(String clientFileName, InputStream content) throws IOException {
        return batch.add(clientFileName, content);
      }

      @Override
      public int size() {
        return batch.size();
      }

      @Override
      public ImmutableList<StoredFile> commit() throws IOException {
        ImmutableList<StoredFile> stored = batch.commit();
        for (StoredFile file : stored) {
          metrics.fileStored(file.size());
        }
        return stored;
      }

      @Override
      public void close() {
        batch.close();
      }
    };
  }

  @Override
  public long usableSpace() throws IOException {
    return uploads.usableSpace();
  }
}
