package dev.mtserver.app.training;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.mtserver.http.codec.HttpDates;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The training run's site, in a directory of its own: a page, a style sheet with a precompressed
 * sibling, 64 KiB and 1 MiB files, a subdirectory; beside it the directory for the data and the
 * access log. {@link #close()} removes all of it.
 */
public final class TrainingSite implements AutoCloseable {

  /** A style sheet of 1 KiB, the size of the benchmark's small file. */
  public static final String SMALL = "/small.css";

  /** A 64 KiB file. */
  public static final String MEDIUM = "/64k.bin";

  /** A 1 MiB file. */
  public static final String LARGE = "/1m.bin";

  /** The site's page. */
  public static final String PAGE = "/index.html";

  /** A subdirectory with one file in it. */
  public static final String DIRECTORY = "/docs/";

  private final Path base;

  private TrainingSite(Path base) {
    this.base = base;
  }

  /** Writes the site into a new temporary directory. */
  public static TrainingSite create() throws IOException {
    TrainingSite site = new TrainingSite(Files.createTempDirectory("mtserver-training-"));
    try {
      site.write();
    } catch (IOException | RuntimeException e) {
      site.close();
      throw e;
    }
    return site;
  }

  private void write() throws IOException {
    Path root = Files.createDirectories(root());
    Files.createDirectories(data());
    StringBuilder css = new StringBuilder();
    while (css.length() < 1024) {
      css.append("body { margin: 0 auto; max-width: 40em; font-family: sans-serif; }\n");
    }
    byte[] small = css.substring(0, 1024).getBytes(UTF_8);
    Files.write(root.resolve(SMALL.substring(1)), small);
    try (OutputStream gzip =
        new GZIPOutputStream(Files.newOutputStream(root.resolve(SMALL.substring(1) + ".gz")))) {
      gzip.write(small);
    }
    Files.writeString(
        root.resolve(PAGE.substring(1)),
        "<!doctype html>\n<title>MTServer</title>\n<link rel=stylesheet href=small.css>\n"
            + "<p>"
            + "The training run's page. ".repeat(40)
            + "</p>\n");
    Random random = new Random(17);
    Files.write(root.resolve(MEDIUM.substring(1)), bytes(random, 64 * 1024));
    Files.write(root.resolve(LARGE.substring(1)), bytes(random, 1024 * 1024));
    Path directory = Files.createDirectories(root.resolve(DIRECTORY.substring(1)));
    Files.writeString(directory.resolve("readme.txt"), "A file in a directory.\n");
  }

  private static byte[] bytes(Random random, int size) {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    return bytes;
  }

  /** The document root. */
  public Path root() {
    return base.resolve("public");
  }

  /** The directory for the server's data (form submissions). */
  public Path data() {
    return base.resolve("data");
  }

  /**
   * The {@code Last-Modified} value the server gives {@code path} (an HTTP-date of the file's time,
   * to the second), for a conditional request that it answers with 304.
   */
  public String lastModified(String path) throws IOException {
    return HttpDates.format(
        Files.getLastModifiedTime(root().resolve(path.substring(1))).toInstant());
  }

  /** The access log's file. */
  public Path accessLog() {
    return base.resolve("access.log");
  }

  /** Removes the site, its data and its log. */
  @Override
  public void close() throws IOException {
    try (Stream<Path> paths = Files.walk(base)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
