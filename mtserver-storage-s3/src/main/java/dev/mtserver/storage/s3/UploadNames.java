package dev.mtserver.storage.s3;

import dev.mtserver.domain.upload.FileNameSanitizer;
import java.util.random.RandomGenerator;

/**
 * The names a stored file may take, in the order they are tried, as in the file-system store:
 * the sanitised name, then {@value #NUMBERED} numbered copies ({@code report (1).pdf} … {@code
 * report (9).pdf}), then {@value #RANDOM_ATTEMPTS} names with a short random number ({@code
 * report (482913).pdf}), so the work per file is bounded however many copies exist (issue 13).
 *
 * <p>The file-system adapter is moving to the same order with a letter tag (the domain's {@code
 * NameCandidates}, not yet on this branch); when it arrives, {@link #candidate} becomes a call to
 * it.
 */
final class UploadNames {

  static final int NUMBERED = 9;
  static final int RANDOM_ATTEMPTS = 8;
  static final int MAX_ATTEMPTS = 1 + NUMBERED + RANDOM_ATTEMPTS;

  private static final int RANDOM_FROM = 100_000;
  private static final int RANDOM_TO = 1_000_000;

  private UploadNames() {}

  /** The candidate for {@code attempt} (0 first) of an already sanitised name. */
  static String candidate(String safeName, int attempt, RandomGenerator random) {
    if (attempt < 0 || attempt >= MAX_ATTEMPTS) {
      throw new IllegalArgumentException("attempt must be 0.." + (MAX_ATTEMPTS - 1));
    }
    int number = attempt <= NUMBERED ? attempt : random.nextInt(RANDOM_FROM, RANDOM_TO);
    return FileNameSanitizer.numbered(safeName, number);
  }
}
