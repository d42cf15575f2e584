package dev.mtserver.http.conditional;

import dev.mtserver.grammar.Tokens;
import java.util.ArrayList;
import java.util.List;

/**
 * Entity-tag lists as {@code If-Match} and {@code If-None-Match} carry them (RFC 9110 §8.8.3,
 * §13.1.1, §13.1.2), and the two ways of comparing tags.
 *
 * <pre>
 * entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE
 * etagc      = %x21 / %x23-7E / obs-text
 * If-Match   = "*" / #entity-tag
 * </pre>
 *
 * <p>A list is scanned left to right; empty members are skipped, and scanning stops at the first
 * malformed member, which (like everything after it) matches nothing.
 */
public final class EntityTags {

  private EntityTags() {}

  /**
   * Strong comparison (§8.8.3.2): both tags strong and their opaque-tags identical. {@code current}
   * is a well-formed tag as this server generates it.
   */
  public static boolean strongMatch(String tag, String current) {
    return !isWeak(tag) && !isWeak(current) && tag.equals(current);
  }

  /** Weak comparison: the opaque-tags are identical, whether or not either is weak. */
  public static boolean weakMatch(String tag, String current) {
    return opaque(tag).equals(opaque(current));
  }

  static boolean isWeak(String tag) {
    return tag.startsWith("W/");
  }

  private static String opaque(String tag) {
    return isWeak(tag) ? tag.substring(2) : tag;
  }

  /**
   * True when any member of the list in {@code fieldLines} (the field's lines, in order) is {@code
   * *} or matches {@code current} under the chosen comparison.
   */
  static boolean listMatches(List<String> fieldLines, String current, boolean strong) {
    for (String line : fieldLines) {
      int i = 0;
      int n = line.length();
      while (i < n) {
        char c = line.charAt(i);
        if (Tokens.isOws(c) || c == ',') {
          i++;
          continue;
        }
        if (c == '*') {
          return true;
        }
        int end = scanEntityTag(line, i);
        if (end < 0) {
          break; // malformed: this line matches nothing further
        }
        String tag = line.substring(i, end);
        if (strong ? strongMatch(tag, current) : weakMatch(tag, current)) {
          return true;
        }
        i = end;
        if (i < n && !isListSeparatorAhead(line, i)) {
          break; // junk glued to a tag, such as "abc"def
        }
      }
    }
    return false;
  }

  /**
   * The members of the list in {@code fieldLines}, in order, as they are written: {@code *} or an
   * entity-tag (weak ones keep their {@code W/}). Scanned as {@link #listMatches} scans: empty
   * members are skipped, and a malformed member ends its line. For a write that must know which
   * version a client names; a read compares with {@link #listMatches}, which allocates nothing.
   */
  public static List<String> members(List<String> fieldLines) {
    List<String> members = new ArrayList<>();
    for (String line : fieldLines) {
      int i = 0;
      int n = line.length();
      while (i < n) {
        char c = line.charAt(i);
        if (Tokens.isOws(c) || c == ',') {
          i++;
          continue;
        }
        int end = c == '*' ? i + 1 : scanEntityTag(line, i);
        if (end < 0) {
          break;
        }
        members.add(line.substring(i, end));
        i = end;
        if (i < n && !isListSeparatorAhead(line, i)) {
          break;
        }
      }
    }
    return members;
  }

  /** True if {@code value} is exactly one well-formed entity-tag (as {@code If-Range} allows). */
  static boolean isEntityTag(String value) {
    return !value.isEmpty() && scanEntityTag(value, 0) == value.length();
  }

  /** The index just past the entity-tag starting at {@code from}, or -1 if none starts there. */
  private static int scanEntityTag(String s, int from) {
    int i = from;
    if (s.startsWith("W/", i)) {
      i += 2;
    }
    if (i >= s.length() || s.charAt(i) != '"') {
      return -1;
    }
    for (i++; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        return i + 1;
      }
      if (!(c == 0x21 || (c >= 0x23 && c <= 0x7e) || (c >= 0x80 && c <= 0xff))) {
        return -1;
      }
    }
    return -1; // no closing quote
  }

  private static boolean isListSeparatorAhead(String s, int i) {
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ',') {
        return true;
      }
      if (!Tokens.isOws(c)) {
        return false;
      }
    }
    return true;
  }
}
