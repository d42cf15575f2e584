package dev.mtserver.domain.upload;

import java.util.random.RandomGenerator;

/**
 * The names a stored file may take, in the order a store tries them: the sanitised name itself,
 * then {@value #NUMBERED} numbered copies ({@code report (1).pdf} … {@code report (9).pdf}), then
 * names with a short random tag ({@code report (k3x9qa).pdf}). The store claims them one by one
 * with an operation that fails when the name is taken (a hard link), so no name is ever
 * overwritten, however many uploads race for it.
 *
 * <p>Why not keep numbering? Because finding the first free number costs one failed claim per copy
 * already stored: with 10,000 copies of {@code a.txt}, one small request of 99 parts named {@code
 * a.txt} cost the server 9 s of CPU (issue 13). Here the work per file is bounded whatever the
 * directory holds: at most {@value #NUMBERED} + 1 names can be taken before the random ones, and a
 * random tag is one of 2<sup>30</sup>, so it is free unless about a billion copies of the same name
 * exist; {@value #RANDOM_ATTEMPTS} of them are tried. Tags use lower-case letters and digits
 * without the look-alikes {@code l}, {@code o}, {@code 0} and {@code 1}.
 */
public final class NameCandidates {

  /** How many numbered copies are tried before random tags. */
  public static final int NUMBERED = 9;

  /** How many random tags are tried before a store gives up. */
  public static final int RANDOM_ATTEMPTS = 8;

  /** How many candidates there are in all. */
  public static final int MAX_ATTEMPTS = 1 + NUMBERED + RANDOM_ATTEMPTS;

  /** Letters in a random tag: 32 symbols of 5 bits each, 30 bits in all. */
  static final int TAG_LENGTH = 6;

  private static final String TAG_SYMBOLS = "abcdefghijkmnpqrstuvwxyz23456789";

  private NameCandidates() {}

  /**
   * The candidate for {@code attempt} (0 is the first) of {@code safeName}.
   *
   * @param safeName a name already passed through {@link FileNameSanitizer#sanitize}
   * @param random draws the tags; a store passes a {@link java.security.SecureRandom} so that no
   *     client can predict, and so take, the names its uploads will need
   * @throws IllegalArgumentException when {@code attempt} is not below {@link #MAX_ATTEMPTS}
   */
  public static String candidate(String safeName, int attempt, RandomGenerator random) {
    if (attempt < 0 || attempt >= MAX_ATTEMPTS) {
      throw new IllegalArgumentException("attempt must be 0.." + (MAX_ATTEMPTS - 1));
    }
    if (attempt <= NUMBERED) {
      return FileNameSanitizer.numbered(safeName, attempt);
    }
    return FileNameSanitizer.tagged(safeName, randomTag(random));
  }

  private static String randomTag(RandomGenerator random) {
    char[] tag = new char[TAG_LENGTH];
    for (int i = 0; i < tag.length; i++) {
      tag[i] = TAG_SYMBOLS.charAt(random.nextInt(TAG_SYMBOLS.length()));
    }
    return new String(tag);
  }
}
