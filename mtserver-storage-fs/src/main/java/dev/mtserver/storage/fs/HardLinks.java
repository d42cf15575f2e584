package dev.mtserver.storage.fs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a finished resumable upload's file has already been published under another name: a hard
 * link made just before a crash, or before a failure to record it. Publishing it again would leave
 * two copies in the uploads directory.
 */
final class HardLinks {

  private HardLinks() {}

  /**
   * The visible name {@code file} also has in {@code directory}, if its link count says it has one
   * elsewhere: found by its inode among the directory's regular files (a scan, only ever made after
   * a crash or a failure).
   */
  static Optional<String> otherName(Path file, Path directory) throws IOException {
    if (linkCount(file) < 2) {
      return Optional.empty();
    }
    Object key =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    if (key == null) {
      return Optional.empty();
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.startsWith(".")) {
          continue; // never a published name
        }
        BasicFileAttributes attributes =
            Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isRegularFile() && Objects.equals(key, attributes.fileKey())) {
          return Optional.of(name);
        }
      }
    }
    return Optional.empty();
  }

  private static int linkCount(Path file) throws IOException {
    if (!file.getFileSystem().supportedFileAttributeViews().contains("unix")) {
      return 1; // no way to tell: such systems publish by copy anyway
    }
    return (Integer) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
  }
}
