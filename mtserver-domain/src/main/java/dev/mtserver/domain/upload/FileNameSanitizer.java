package dev.mtserver.domain.upload;

import com.google.common.base.Ascii;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.function.IntPredicate;

/**
 * Turns the file name a client sent into one that is safe to create in the uploads directory and to
 * put in a URL, and numbers it when that name is taken. Pure functions; no file system.
 *
 * <p>The rules, in order:
 *
 * <ol>
 *   <li>Only the base name counts: everything up to the last {@code /} or {@code \} is dropped
 *       (browsers on Windows used to send {@code C:\Users\me\report.pdf}).
 *   <li>Control characters (C0, DEL, C1), line and paragraph separators, and invisible format
 *       characters are removed: that includes every bidirectional control ({@code U+202E} would let
 *       {@code evil\u202Efdp.exe} display as {@code evilexe.pdf}), zero-width spaces and the
 *       byte-order mark. Zero-width joiner and non-joiner stay, since emoji and several scripts
 *       need them. Unpaired surrogates are removed.
 *   <li>The name is put in Unicode NFC, so {@code é} typed on a Mac and on Linux is one name.
 *   <li>Leading and trailing white space and leading dots are removed: an upload can never be a
 *       hidden file (those are never served, and hidden names are reserved for temporary files).
 *   <li>What is left may not be empty; {@code .} and {@code ..} end up empty. An empty name becomes
 *       {@value #FALLBACK_NAME}.
 *   <li>The name is cut to {@value #MAX_NAME_BYTES} bytes of UTF-8 (the limit of Linux and most
 *       file systems) at a character boundary, keeping its extension.
 * </ol>
 *
 * Letters of every script, digits, spaces and punctuation other than the separators are kept.
 */
public final class FileNameSanitizer {

  /** The longest file name, in bytes of UTF-8. */
  public static final int MAX_NAME_BYTES = 255;

  /** The name given to a file whose own name is empty or unusable. */
  public static final String FALLBACK_NAME = "upload";

  /** Extensions longer than this are treated as part of the stem when a name must be cut. */
  private static final int MAX_EXTENSION_BYTES = 32;

  private FileNameSanitizer() {}

  /** A safe, non-empty base name for {@code clientName}; {@code null} counts as empty. */
  public static String sanitize(String clientName) {
    if (clientName == null) {
      return FALLBACK_NAME;
    }
    String base =
        clientName.substring(
            Math.max(clientName.lastIndexOf('/'), clientName.lastIndexOf('\\')) + 1);
    String visible = Normalizer.normalize(removeInvisible(base), Normalizer.Form.NFC);
    String trimmed = stripLeadingDotsAndSpace(visible.strip());
    if (trimmed.isEmpty()) {
      return FALLBACK_NAME;
    }
    return numbered(trimmed, 0);
  }

  /**
   * The {@code n}th candidate for a sanitised name: the name itself for 0, else the name with
   * {@code " (n)"} before its extension ({@code report (1).pdf}, {@code data (2).tar.gz}), cut so
   * the result still fits {@value #MAX_NAME_BYTES} bytes.
   */
  public static String numbered(String safeName, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative");
    }
    return withSuffix(safeName, n == 0 ? "" : " (" + n + ")");
  }

  /**
   * {@code safeName} with {@code " (tag)"} before its extension ({@code report (k3x9qa).pdf}), cut
   * so the result still fits {@value #MAX_NAME_BYTES} bytes. The tag must be a few letters or
   * digits: it is not sanitised.
   */
  public static String tagged(String safeName, String tag) {
    if (tag.isEmpty() || !tag.chars().allMatch(c -> c < 0x80 && Character.isLetterOrDigit(c))) {
      throw new IllegalArgumentException("a tag is ASCII letters and digits");
    }
    return withSuffix(safeName, " (" + tag + ")");
  }

  /**
   * {@code safeName} spelled with only the characters {@code canStore} accepts, for a file system
   * whose names cannot hold every character (a JVM started under {@code LC_ALL=POSIX} encodes file
   * names in ASCII). A character that cannot be stored loses its accents when that makes it
   * storable ({@code résumé.pdf} becomes {@code resume.pdf}); any other becomes {@code _}, one for
   * each run of them. A stem left without a letter or a digit becomes {@value #FALLBACK_NAME},
   * keeping the extension ({@code 報告.txt} becomes {@code upload.txt}). Returns {@code safeName}
   * itself when every character can be stored; the result is always sanitised.
   *
   * @param canStore whether the file system can hold a code point in a name; must accept ASCII
   *     letters, digits, space, {@code _}, {@code .}, {@code (} and {@code )}
   */
  public static String storable(String safeName, IntPredicate canStore) {
    if (safeName.codePoints().allMatch(canStore)) {
      return safeName;
    }
    StringBuilder out = new StringBuilder(safeName.length());
    boolean replacing = false;
    for (int i = 0; i < safeName.length(); ) {
      int cp = safeName.codePointAt(i);
      i += Character.charCount(cp);
      String spelled = canStore.test(cp) ? Character.toString(cp) : withoutAccents(cp, canStore);
      if (spelled.isEmpty()) {
        if (!replacing) {
          out.append('_');
        }
        replacing = true;
      } else {
        out.append(spelled);
        replacing = false;
      }
    }
    String mapped = sanitize(out.toString());
    int split = extensionStart(mapped);
    String stem = mapped.substring(0, split);
    if (stem.codePoints().noneMatch(Character::isLetterOrDigit)) {
      return sanitize(FALLBACK_NAME + mapped.substring(split));
    }
    return mapped;
  }

  /** The base letters of {@code cp} without its combining marks, if all of them can be stored. */
  private static String withoutAccents(int cp, IntPredicate canStore) {
    String decomposed = Normalizer.normalize(Character.toString(cp), Normalizer.Form.NFKD);
    StringBuilder base = new StringBuilder();
    for (int i = 0; i < decomposed.length(); ) {
      int part = decomposed.codePointAt(i);
      i += Character.charCount(part);
      if (Character.getType(part) == Character.NON_SPACING_MARK) {
        continue;
      }
      if (!canStore.test(part) || !Character.isLetterOrDigit(part)) {
        return "";
      }
      base.appendCodePoint(part);
    }
    return base.toString();
  }

  /** {@code safeName} with {@code suffix} before its extension, cut to fit. */
  private static String withSuffix(String safeName, String suffix) {
    int split = extensionStart(safeName);
    String stem = safeName.substring(0, split);
    String extension = safeName.substring(split);
    int budget = MAX_NAME_BYTES - utf8Length(suffix) - utf8Length(extension);
    String cut = truncateUtf8(stem, budget);
    if (cut.length() < stem.length()) {
      cut = cut.stripTrailing(); // "very long name (1).pdf", not "very long  (1).pdf"
    }
    return cut + suffix + extension;
  }

  private static String removeInvisible(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      int width = Character.charCount(cp);
      if (isKept(cp)) { // an unpaired surrogate comes back as itself, typed SURROGATE
        out.appendCodePoint(cp);
      }
      i += width;
    }
    return out.toString();
  }

  private static boolean isKept(int cp) {
    if (cp == 0x200C || cp == 0x200D) {
      return true; // zero-width non-joiner and joiner: needed by emoji sequences and some scripts
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE ->
          false;
      default -> true;
    };
  }

  private static String stripLeadingDotsAndSpace(String name) {
    int start = 0;
    while (start < name.length()
        && (name.charAt(start) == '.' || Character.isWhitespace(name.charAt(start)))) {
      start++;
    }
    return name.substring(start);
  }

  /**
   * Where the extension starts: the last dot, or the dot of {@code .tar} before it; else the end.
   */
  private static int extensionStart(String name) {
    int dot = name.lastIndexOf('.');
    if (dot <= 0 || utf8Length(name.substring(dot)) > MAX_EXTENSION_BYTES) {
      return name.length();
    }
    int previous = name.lastIndexOf('.', dot - 1);
    if (previous > 0 && Ascii.equalsIgnoreCase(name.substring(previous, dot), ".tar")) {
      return previous;
    }
    return dot;
  }

  private static int utf8Length(String s) {
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /**
   * The longest prefix of {@code s} whose UTF-8 form fits {@code maxBytes}, cut between code
   * points.
   */
  private static String truncateUtf8(String s, int maxBytes) {
    if (s.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
      return s;
    }
    int bytes = 0;
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      int width = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + width > maxBytes) {
        break;
      }
      bytes += width;
      i += Character.charCount(cp);
    }
    return s.substring(0, i);
  }
}
