package dev.mtserver.app;

import com.google.common.collect.ImmutableList;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The small site bundled in the jar, installed into a root directory that does not exist yet, so
 * that running the jar with no arguments in an empty directory gives a working site. It never
 * touches a directory that already exists.
 */
public final class StarterSite {

  private static final String RESOURCE_DIR = "starter-site/";

  /**
   * The tus client (npm {@code tus-js-client}) that the upload page loads from the site itself,
   * never from a CDN: put in the jar by the build, from the npm package (mtserver-app's pom).
   */
  static final String TUS_CLIENT = "vendor/tus.min.js";

  /** The tus client's licence (MIT), served beside it. */
  static final String TUS_CLIENT_LICENSE = "vendor/tus-js-client.LICENSE";

  static final ImmutableList<String> FILES =
      ImmutableList.of(
          "index.html",
          "form.html",
          "upload.html",
          "style.css",
          "site.js",
          TUS_CLIENT,
          TUS_CLIENT_LICENSE);

  private StarterSite() {}

  /**
   * Creates {@code root} and fills it with the starter site.
   *
   * @return true if the site was installed, false if {@code root} already existed
   */
  public static boolean installIfMissing(Path root) throws IOException {
    if (Files.exists(root)) {
      return false;
    }
    Path staging =
        Files.createTempDirectory(
            root.toAbsolutePath().getParent(), "." + root.getFileName() + "-starter-");
    try {
      for (String name : FILES) {
        try (InputStream in =
            Objects.requireNonNull(
                StarterSite.class.getResourceAsStream(RESOURCE_DIR + name), name)) {
          Path target = staging.resolve(name);
          Files.createDirectories(target.getParent());
          Files.copy(in, target);
        }
      }
      Files.createDirectory(staging.resolve("downloads"));
      Files.move(staging, root); // atomic on one file system: a half-made site is never served
      return true;
    } catch (IOException | UncheckedIOException e) {
      deleteQuietly(staging);
      throw e;
    }
  }

  private static void deleteQuietly(Path staging) {
    try {
      MoreFiles.deleteRecursively(staging, RecursiveDeleteOption.ALLOW_INSECURE);
    } catch (IOException ignored) {
      // best effort: a leftover hidden staging directory is harmless
    }
  }
}
