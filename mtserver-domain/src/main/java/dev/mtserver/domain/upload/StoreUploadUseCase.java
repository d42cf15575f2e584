package dev.mtserver.domain.upload;

import java.io.IOException;

/** Inbound port: stores the files of upload requests, atomically and without overwriting. */
public interface StoreUploadUseCase {

  /** Starts the files of one request. The caller closes the batch. */
  UploadBatch begin();

  /** Bytes that can still be stored, or {@code Long.MAX_VALUE} when unknown. */
  long usableSpace() throws IOException;
}
