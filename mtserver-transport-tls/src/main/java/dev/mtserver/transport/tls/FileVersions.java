package dev.mtserver.transport.tls;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which version of each watched file is there now: the file a path leads to once every link is
 * followed, and a SHA-256 of its bytes. Two readings differ when any file's content changed, and
 * when a link now leads elsewhere — how certbot renews, by pointing {@code live/NAME/cert.pem} at a
 * new file under {@code archive/}. The hash catches what timestamps miss (a copy that keeps the old
 * modification time, an edit within the same second); certificate files are a few KiB, so reading
 * them every few seconds costs nothing.
 */
record FileVersions(List<Version> versions) {

  record Version(Path realPath, HashCode sha256) {}

  static FileVersions read(List<Path> files) throws IOException {
    List<Version> versions = new ArrayList<>(files.size());
    for (Path file : files) {
      Path real = file.toRealPath();
      versions.add(new Version(real, Hashing.sha256().hashBytes(Files.readAllBytes(real))));
    }
    return new FileVersions(List.copyOf(versions));
  }
}
