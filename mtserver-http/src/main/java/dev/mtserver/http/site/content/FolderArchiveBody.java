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
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A folder as one zip (JDK {@link ZipOutputStream}), written straight to the connection: no temp
 * file, constant memory whatever the folder holds, chunked (its length is known only once written),
 * ZIP64 where a file or the archive needs it (the JDK writes those records by itself).
 *
 * <p>Entry names are made safe for any unzip: each segment keeps its name but for backslashes and
 * control characters (a {@code ..\evil} segment would climb out of the folder on Windows), and all
 * sit below one folder named after the one downloaded. Text is deflated quickly (level 1); other
 * types, mostly compressed already, are stored through the deflater at level 0.
 *
 * <p>When the client goes away, the next write fails, and closing the streams frees the deflater
 * and the open file: nothing outlives the exchange.
 */
final class FolderArchiveBody {

  private FolderArchiveBody() {}

  /** The body for a ready archive. */
  static ResponseBody zip(FolderArchive.Ready archive) {
    String root = rootName(archive.directory());
    return new ResponseBody.Streamed(-1, out -> write(archive, root, out));
  }

  /** The file name the archive is offered under, such as {@code photos.zip}. */
  static String fileName(SitePath directory) {
    return rootName(directory) + ".zip";
  }

  private static void write(FolderArchive.Ready archive, String root, OutputStream out)
      throws IOException {
    try (ZipOutputStream zip =
        new ZipOutputStream(new NonClosingOutputStream(out), StandardCharsets.UTF_8)) {
      WritableByteChannel channel = Channels.newChannel(zip);
      for (FolderArchive.Entry entry : archive.entries()) {
        Resource resource = entry.resource();
        ZipEntry zipEntry = new ZipEntry(root + "/" + safeName(entry.name()));
        zipEntry.setTime(resource.lastModified().toEpochMilli());
        zip.setLevel(
            OnTheFlyGzip.isCompressible(resource.mediaType())
                ? Deflater.BEST_SPEED
                : Deflater.NO_COMPRESSION);
        zip.putNextEntry(zipEntry);
        try (OpenContent content = resource.source().open()) {
          long size = content.size();
          long position = 0;
          while (position < size) {
            long copied = content.transferTo(position, size - position, channel);
            if (copied <= 0) {
              break;
            }
            position += copied;
          }
        }
        zip.closeEntry();
      }
    }
  }

  /** {@code a/b.txt} with backslashes and control characters in each segment replaced by _. */
  static String safeName(String name) {
    StringBuilder safe = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      safe.append(c == '\\' || c < 0x20 || c == 0x7f ? '_' : c);
    }
    return safe.toString();
  }

  /**
   * The one folder every entry sits below: the downloaded folder's name, {@code site} for the root.
   */
  static String rootName(SitePath directory) {
    return directory.isRoot() ? "site" : safeName(directory.fileName());
  }
}
