package dev.mtserver.transport.tls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A directory only its owner may enter ({@code 0700}) and files only the owner may read ({@code
 * 0600}), written whole or not at all: each file is written to a temporary name beside its target,
 * created with its final permissions (so the key is never readable by others, not even for an
 * instant), forced to disk, then renamed over the target. On a file system without POSIX
 * permissions the files are written the same way, without them.
 */
final class OwnerOnlyFiles {

  static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private OwnerOnlyFiles() {}

  /** Creates {@code directory} (and its parents) if needed and makes it owner-only. */
  static void directory(Path directory) throws IOException {
    if (posix(directory.toAbsolutePath().getRoot())) {
      Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
      Files.setPosixFilePermissions(directory, DIRECTORY);
    } else {
      Files.createDirectories(directory);
    }
  }

  /** Makes an existing file owner-only; true when its permissions had to change. */
  static boolean restrict(Path file) throws IOException {
    if (!posix(file) || Files.getPosixFilePermissions(file).equals(FILE)) {
      return false;
    }
    Files.setPosixFilePermissions(file, FILE);
    return true;
  }

  /** Replaces {@code target} with {@code content}, owner-only, atomically. */
  static void write(Path target, byte[] content) throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    FileAttribute<?>[] attributes =
        posix(directory)
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
            : new FileAttribute<?>[0];
    Path temporary =
        Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp", attributes);
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
