package dev.mtserver.http.site.content;

import dev.mtserver.domain.content.FolderArchive;
import dev.mtserver.domain.content.OpenContent;
import dev.mtserver.domain.content.Resource;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.http.engine.ResponseBody;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A folder as one POSIX tar ({@code ?archive=tar}), written by Apache Commons Compress straight to
 * the connection: no temp file, constant memory (one 10 KiB block buffered), chunked. PAX extended
 * headers carry what the old ustar header cannot: names longer than 100 bytes, names that are not
 * ASCII (so every tar reads them as UTF-8), and sizes of 8 GiB and more (ADR 0047).
 *
 * <p>The same entries as the zip ({@link FolderArchiveBody}): the domain's walk, names made safe
 * the same way, all below one folder named after the one downloaded. Each entry's size is the size
 * of the file when it is opened, and exactly that many bytes follow; a file cut short while it is
 * read fails the stream, so a client never receives a tar that looks whole but is not.
 */
final class FolderTarBody {

  private FolderTarBody() {}

  /** The body for a ready archive. */
  static ResponseBody tar(FolderArchive.Ready archive) {
    String root = FolderArchiveBody.rootName(archive.directory());
    return new ResponseBody.Streamed(-1, out -> write(archive, root, out));
  }

  /** The file name the archive is offered under, such as {@code photos.tar}. */
  static String fileName(SitePath directory) {
    return FolderArchiveBody.rootName(directory) + ".tar";
  }

  private static void write(FolderArchive.Ready archive, String root, OutputStream out)
      throws IOException {
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(
            new NonClosingOutputStream(out), StandardCharsets.UTF_8.name())) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      tar.setAddPaxHeadersForNonAsciiNames(true);
      WritableByteChannel channel = Channels.newChannel(tar);
      for (FolderArchive.Entry entry : archive.entries()) {
        Resource resource = entry.resource();
        try (OpenContent content = resource.source().open()) {
          long size = content.size();
          TarArchiveEntry tarEntry =
              new TarArchiveEntry(root + "/" + FolderArchiveBody.safeName(entry.name()));
          tarEntry.setSize(size);
          tarEntry.setModTime(resource.lastModified().toEpochMilli());
          tarEntry.setUserName(""); // the library would put the server's account name here
          tarEntry.setGroupName("");
          tar.putArchiveEntry(tarEntry);
          long position = 0;
          while (position < size) {
            long copied = content.transferTo(position, size - position, channel);
            if (copied <= 0) {
              break; // shorter than its header says: closing the entry fails the stream
            }
            position += copied;
          }
          tar.closeArchiveEntry();
        }
      }
      tar.finish();
    }
  }
}
