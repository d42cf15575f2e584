package dev.mtserver.domain.posting;

import dev.mtserver.domain.form.FormField;
import java.io.IOException;
import java.io.InputStream;

/**
 * The files and fields of one admitted multipart form, as its body is read. Files stream into the
 * upload store, hidden, as they arrive; fields are kept; {@link #finish} publishes the files and
 * records the fields; {@link #close} throws away whatever was not finished, so a request that fails
 * halfway (a client that goes away, a body that is too large or malformed) leaves nothing behind.
 * One thread uses a reception.
 */
public interface UploadReception extends AutoCloseable {

  /**
   * Streams {@code content} to its end into the upload store, hidden until {@link #finish}.
   *
   * @param clientFileName the name the client gave, unsanitised (may be {@code ""})
   * @return the number of bytes stored
   * @throws IOException what reading {@code content} threw, unchanged, or the store's failure
   *     ({@code StorageFullException}, {@code StoreUnavailableException}, another I/O error)
   */
  long addFile(String clientFileName, InputStream content) throws IOException;

  /** Keeps a text field, to be recorded with the files. */
  void addField(FormField field);

  /**
   * Ends the form: publishes its files, in the order added, and records its fields (with the files'
   * names), or, without files, records it as a plain form or refuses it ({@link UploadResult}).
   *
   * @throws IOException when the store or the submission log failed; files published before the
   *     failure stay published
   */
  UploadResult finish() throws IOException;

  /** Throws away every file not published. Never fails. */
  @Override
  void close();
}
