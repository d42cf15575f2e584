package dev.mtserver.domain.upload.named;

import dev.mtserver.domain.content.EntityTag;
import dev.mtserver.domain.upload.UploadStorePort;
import java.io.IOException;
import java.util.Optional;

/**
 * Outbound port: an upload store that can also publish under an exact name, replace a file given
 * its entity tag, and remove one. Names are those of its visible regular files: never a hidden
 * name, a temporary file, a directory, or anything outside its directory.
 *
 * <p>Tags are those the site serves for the same files ({@link
 * dev.mtserver.domain.content.LoadResourcePort}): what a client read from {@code ETag} is what it
 * sends back in {@code If-Match}. Failures are the domain's: {@link NameTakenException}, {@link
 * FileChangedException}, {@link NoSuchStoredFileException}, and those of {@link UploadStorePort}.
 */
public interface NamedFileStorePort extends UploadStorePort {

  /**
   * The entity tag of the visible regular file {@code name}; empty when there is none (absent, a
   * directory, a hidden or temporary name).
   *
   * @param name a sanitised name
   */
  Optional<EntityTag> entityTag(String name) throws IOException;

  /**
   * Starts a file that will be published under exactly {@code name}.
   *
   * @param name a sanitised name
   */
  NamedPendingUpload beginNamed(String name) throws IOException;

  /**
   * Removes the visible regular file {@code name}, if its tag is {@code expected} (any tag when
   * empty), and makes the removal durable.
   *
   * @throws NoSuchStoredFileException when there is no such file
   * @throws FileChangedException when its tag is not {@code expected}
   */
  void delete(String name, Optional<EntityTag> expected) throws IOException;
}
