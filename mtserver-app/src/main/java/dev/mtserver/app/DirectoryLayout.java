package dev.mtserver.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Which of the server's directories may share a tree. The data directory ({@code --data}) holds
 * what nobody may download: {@value MtServer#SUBMISSIONS_FILE} (names, e-mail addresses, whatever
 * forms ask for), {@value MtServer#SPOOL_DIRECTORY}/ (request bodies waiting for a script,
 * passwords included) and {@value MtServer#RESUMABLE_DIRECTORY}/ (unfinished resumable uploads,
 * which must never be read over HTTP before their last byte). Put inside the site root, all of it
 * was served (issue 13). So, at start:
 *
 * <ul>
 *   <li>the data directory and the site root must not overlap: neither may be the other or lie
 *       inside it. Data inside the root would be served; a root inside the data directory is
 *       refused too, so that the rule is one sentence ("keep them apart") and a later change to
 *       what the data directory holds cannot make it public;
 *   <li>the data directory and the uploads directory must not overlap: strangers choose what is
 *       written to the uploads directory (and, when it lies in the site, it is served);
 *   <li>the spool, the submissions file and the resumable directory, when they already exist, must
 *       not lead (through a symbolic link) into the site root or the uploads directory;
 *   <li>the same goes for an access log file ({@code --access-log FILE}): it holds every client's
 *       address and request.
 * </ul>
 *
 * <p>Paths are compared as real paths, so neither a symbolic link nor a relative path or a {@code
 * ..} can hide an overlap; a directory that does not exist yet is resolved through its nearest
 * existing parent. Refusing to start was chosen over never serving the data directory: a second
 * rule inside the static handler would have to be right for every way a path can reach a file
 * (listings, indexes, ranges, precompressed variants, scripts), and the operator learns of the
 * mistake at once instead of never.
 */
final class DirectoryLayout {

  private DirectoryLayout() {}

  /**
   * Refuses a layout in which the data directory could be served or written by strangers.
   *
   * @throws UnsafeLayoutException naming the flags, their values and what to do
   * @throws IOException if a path cannot be resolved
   */
  static void check(Path root, Path uploads, Path data, Optional<Path> accessLog)
      throws IOException {
    check(root, uploads, data);
    if (accessLog.isPresent()) {
      Path realRoot = realPath(root);
      Path realUploads = realPath(uploads);
      Path realLog = realPath(accessLog.get());
      if (realLog.startsWith(realRoot) || realLog.startsWith(realUploads)) {
        throw new UnsafeLayoutException(
            "--access-log",
            "the access log "
                + shown(accessLog.get(), realLog)
                + " is inside the site root (--root "
                + shown(root, realRoot)
                + ") or the uploads directory"
                + " (--uploads "
                + shown(uploads, realUploads)
                + "): every client's address and request would be"
                + " served to anyone; write it outside them");
      }
    }
  }

  /**
   * {@link #check(Path, Path, Path, Optional)} without an access log file.
   *
   * @throws UnsafeLayoutException naming the flags, their values and what to do
   * @throws IOException if a path cannot be resolved
   */
  static void check(Path root, Path uploads, Path data) throws IOException {
    Path realRoot = realPath(root);
    Path realUploads = realPath(uploads);
    Path realData = realPath(data);
    String dataDirectory = "the data directory " + shown(data, realData);
    if (realData.startsWith(realRoot)) {
      throw new UnsafeLayoutException(
          "--data",
          dataDirectory
              + (realData.equals(realRoot) ? " is" : " is inside")
              + " the site root (--root "
              + shown(root, realRoot)
              + "): the form submissions and request bodies kept there would be served to anyone;"
              + " choose a data directory outside the site root");
    }
    if (realRoot.startsWith(realData)) {
      throw new UnsafeLayoutException(
          "--data",
          "the site root (--root "
              + shown(root, realRoot)
              + ") is inside "
              + dataDirectory
              + ": keep the data directory and the site root apart");
    }
    if (realData.startsWith(realUploads) || realUploads.startsWith(realData)) {
      throw new UnsafeLayoutException(
          "--data",
          dataDirectory
              + " and the uploads directory (--uploads "
              + shown(uploads, realUploads)
              + ") share a tree, and strangers choose what is written to"
              + " the uploads directory: keep the two apart");
    }
    for (String name :
        new String[] {
          MtServer.SPOOL_DIRECTORY, MtServer.SUBMISSIONS_FILE, MtServer.RESUMABLE_DIRECTORY
        }) {
      Path inData = data.resolve(name);
      if (!Files.exists(inData, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      Path real = realPath(inData);
      if (real.startsWith(realRoot)
          || realRoot.startsWith(real)
          || real.startsWith(realUploads)
          || realUploads.startsWith(real)) {
        throw new UnsafeLayoutException(
            "--data",
            dataDirectory
                + " has its "
                + name
                + " linked to "
                + real
                + ", which the site root (--root "
                + shown(root, realRoot)
                + ") or the uploads directory (--uploads "
                + shown(uploads, realUploads)
                + ") shares: it would be served; remove the link");
      }
    }
  }

  /** {@code path} as given, and its real path too when that says something the first does not. */
  private static String shown(Path path, Path real) {
    return path.toAbsolutePath().normalize().equals(real)
        ? "'" + path + "'"
        : "'" + path + "' (really " + real + ")";
  }

  /**
   * The real path of {@code path}, which need not exist: its nearest existing ancestor resolved
   * (links followed, a dangling one too: the file would be created where it leads), then the
   * missing names appended.
   */
  static Path realPath(Path path) throws IOException {
    return realPath(path, 0);
  }

  private static final int MAX_LINKS = 40; // as Linux's MAXSYMLINKS

  private static Path realPath(Path path, int links) throws IOException {
    if (links > MAX_LINKS) {
      throw new IOException("too many levels of symbolic links: " + path);
    }
    Path absolute = path.toAbsolutePath();
    Deque<Path> missing = new ArrayDeque<>();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      missing.push(existing.getFileName());
      existing = existing.getParent();
    }
    Path real;
    if (existing == null) {
      real = absolute.getRoot();
    } else if (Files.exists(existing)) {
      real = existing.toRealPath();
    } else { // a dangling link: what it names
      Path target = existing.resolveSibling(Files.readSymbolicLink(existing));
      real = realPath(target, links + 1);
    }
    while (!missing.isEmpty()) {
      real = real.resolve(missing.pop());
    }
    return real.normalize();
  }
}
