package dev.mtserver.storage.fs;

import dev.mtserver.domain.content.LoadResourcePort;
import dev.mtserver.domain.content.MediaTypes;
import dev.mtserver.domain.content.OpenContent;
import dev.mtserver.domain.content.Resource;
import dev.mtserver.domain.content.SiteEntry;
import dev.mtserver.domain.path.SitePath;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/** {@link LoadResourcePort} over a directory on disk, through {@link SiteRoot}. */
public final class FileSystemSite implements LoadResourcePort {

  private final SiteRoot root;

  public FileSystemSite(SiteRoot root) {
    this.root = root;
  }

  @Override
  public Optional<SiteEntry> find(SitePath path) throws IOException {
    Optional<Path> real = root.resolve(path);
    if (real.isEmpty()) {
      return Optional.empty();
    }
    BasicFileAttributes attributes = Files.readAttributes(real.get(), BasicFileAttributes.class);
    if (attributes.isDirectory()) {
      return Optional.of(new SiteEntry.Directory(path.asDirectory()));
    }
    if (!attributes.isRegularFile()) {
      return Optional.empty(); // FIFOs, devices and sockets are never opened
    }
    Path file = real.get();
    SitePath filePath = path.asFile();
    return Optional.of(new SiteEntry.File(new Resource(
        filePath,
        attributes.size(),
        attributes.lastModifiedTime().toInstant(),
        MediaTypes.forPath(filePath),
        () -> new FileContent(FileChannel.open(file, StandardOpenOption.READ)))));
  }

  /** An open file; {@code transferTo} a socket channel is {@code sendfile(2)}. */
  private record FileContent(FileChannel channel) implements OpenContent {
    @Override
    public long size() throws IOException {
      return channel.size();
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
      return channel.transferTo(position, count, target);
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
