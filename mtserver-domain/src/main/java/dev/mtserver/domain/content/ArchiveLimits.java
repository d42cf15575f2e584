package dev.mtserver.domain.content;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How much one folder download may hold: a folder whose files add up to more than {@code maxBytes}
 * or more than {@code maxFiles} files is refused before a byte is sent, so a download cannot be
 * used to keep the server's disk and network busy for hours. Folders are walked at most {@link
 * #MAX_DEPTH} levels deep (a link inside the site that points at an ancestor makes a loop).
 *
 * @param maxBytes the most bytes of file content in one archive ({@code --archive-max-bytes})
 * @param maxFiles the most entries, files and folders, walked for one archive ({@code
 *     --archive-max-files}): counting folders too means a store's listing cut short at the bound is
 *     known to be one, so no file is ever left out silently
 */
public record ArchiveLimits(long maxBytes, int maxFiles) {

  /** 1 GiB: a folder of photos or a release, not a whole disk. */
  public static final long DEFAULT_MAX_BYTES = 1024L * 1024 * 1024;

  /** 10,000 files: ten full listings' worth. */
  public static final int DEFAULT_MAX_FILES = 10_000;

  /** The deepest folder an archive descends into, counted from the one asked for. */
  public static final int MAX_DEPTH = 32;

  public ArchiveLimits {
    checkArgument(maxBytes >= 0, "maxBytes must not be negative");
    checkArgument(maxFiles >= 0, "maxFiles must not be negative");
  }

  public static ArchiveLimits defaults() {
    return new ArchiveLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_FILES);
  }
}
