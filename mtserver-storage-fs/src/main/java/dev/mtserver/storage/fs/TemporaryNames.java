package dev.mtserver.storage.fs;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hidden names the upload store gives its own files in the uploads directory, and what a name
 * found there is. All start with {@value #PREFIX}: hidden, so never served, and out of reach of
 * uploads, whose names never start with a dot.
 *
 * <ul>
 *   <li>{@code .upload-<owner>.lock}: the lock of one process's uploads in flight ({@link
 *       UploadOwner}); {@code <owner>} is 96 random bits in hex.
 *   <li>{@code .upload-<owner>-<n>.tmp}: a file being received, or received and waiting for its
 *       request to end, under that lock.
 *   <li>{@code .upload-<anything>.part}: a file of an older version of the store, which locked each
 *       file itself. Still cleaned up the old way, and never created: an older instance sharing the
 *       directory during a rolling deploy knows only these, so it never touches the files above.
 * </ul>
 */
final class TemporaryNames {

  static final String PREFIX = ".upload-";
  private static final String LEGACY_SUFFIX = ".part";
  private static final Pattern LOCK = Pattern.compile("\\.upload-([0-9a-f]{24})\\.lock");
  private static final Pattern PART = Pattern.compile("\\.upload-([0-9a-f]{24})-[0-9]{1,19}\\.tmp");

  private TemporaryNames() {}

  /** What a name in the uploads directory is to the store. */
  sealed interface Kind {}

  /** The lock file of the owner {@code owner}. */
  record OwnerLock(String owner) implements Kind {}

  /** A file received under the lock of {@code owner}. */
  record Part(String owner) implements Kind {}

  /** A temporary file of an older version, locked by itself while in use. */
  record Legacy() implements Kind {}

  /** Not a name the store makes: never touched. */
  record NotOurs() implements Kind {}

  static Kind classify(String fileName) {
    if (!fileName.startsWith(PREFIX)) {
      return new NotOurs();
    }
    Matcher lock = LOCK.matcher(fileName);
    if (lock.matches()) {
      return new OwnerLock(lock.group(1));
    }
    Matcher part = PART.matcher(fileName);
    if (part.matches()) {
      return new Part(part.group(1));
    }
    return fileName.endsWith(LEGACY_SUFFIX) ? new Legacy() : new NotOurs();
  }

  /** True for every name the store makes or once made. */
  static boolean isTemporary(String fileName) {
    return !(classify(fileName) instanceof NotOurs);
  }

  static Path lockFile(Path directory, String owner) {
    return directory.resolve(PREFIX + owner + ".lock");
  }

  static Path part(Path directory, String owner, long number) {
    return directory.resolve(PREFIX + owner + "-" + number + ".tmp");
  }
}
