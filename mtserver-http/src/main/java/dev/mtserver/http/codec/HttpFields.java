package dev.mtserver.http.codec;

import com.google.common.base.Ascii;
import dev.mtserver.grammar.Tokens;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An ordered list of header fields with case-insensitive lookup. Names keep the case they were
 * given; duplicates are kept in order. Not thread-safe: one request or response owns it.
 *
 * <p>Fields built in code hold strings. Fields of a parsed request are a view of the parser's
 * reusable head bytes: lookups compare bytes, and a name or value becomes a {@code String} only
 * when it is asked for (then it is kept). Such a view is valid while its request is being handled;
 * reading it after the connection has moved on to the next request throws {@link
 * IllegalStateException}. Changing a parsed request's fields first copies them into strings.
 */
public final class HttpFields {

  private HeadBytes head; // non-null while this is a view of parsed bytes
  private final int generation;
  private String[] names; // in a view: a cache of materialised names, allocated on first use
  private String[] values;
  private int size;

  public HttpFields() {
    this(8);
  }

  public HttpFields(int expectedSize) {
    generation = 0;
    names = new String[Math.max(1, expectedSize)];
    values = new String[names.length];
  }

  /** A view of the fields the parser has just recorded in {@code head}. */
  HttpFields(HeadBytes head) {
    this.head = head;
    this.generation = head.generation;
    this.size = head.fieldCount;
  }

  /** Appends a field, keeping any existing ones of the same name. */
  public HttpFields add(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    detach();
    if (size == names.length) {
      names = Arrays.copyOf(names, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    names[size] = name;
    values[size] = value;
    size++;
    return this;
  }

  /** Replaces every field of this name with one field. */
  public HttpFields set(String name, String value) {
    remove(name);
    return add(name, value);
  }

  /** Removes every field of this name. */
  public HttpFields remove(String name) {
    detach();
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (!Ascii.equalsIgnoreCase(names[i], name)) {
        names[kept] = names[i];
        values[kept] = values[i];
        kept++;
      }
    }
    Arrays.fill(names, kept, size, null);
    Arrays.fill(values, kept, size, null);
    size = kept;
    return this;
  }

  /** The first value of the named field. */
  public Optional<String> first(String name) {
    for (int i = 0; i < size; i++) {
      if (nameIs(i, name)) {
        return Optional.of(value(i));
      }
    }
    return Optional.empty();
  }

  /** Every value of the named field, in order. */
  public List<String> all(String name) {
    List<String> found = new ArrayList<>(2);
    for (int i = 0; i < size; i++) {
      if (nameIs(i, name)) {
        found.add(value(i));
      }
    }
    return found;
  }

  /** How many fields have this name. */
  public int count(String name) {
    int count = 0;
    for (int i = 0; i < size; i++) {
      if (nameIs(i, name)) {
        count++;
      }
    }
    return count;
  }

  public boolean contains(String name) {
    for (int i = 0; i < size; i++) {
      if (nameIs(i, name)) {
        return true;
      }
    }
    return false;
  }

  public int size() {
    checkLive();
    return size;
  }

  public String name(int index) {
    Objects.checkIndex(index, size);
    if (head == null) {
      return names[index];
    }
    checkLive();
    if (names == null) {
      names = new String[size];
    }
    String name = names[index];
    if (name == null) {
      int at = 4 * index;
      name = KnownFieldNames.of(head.bytes, head.spans[at], head.spans[at + 1]);
      names[index] = name;
    }
    return name;
  }

  public String value(int index) {
    Objects.checkIndex(index, size);
    if (head == null) {
      return values[index];
    }
    checkLive();
    if (values == null) {
      values = new String[size];
    }
    String value = values[index];
    if (value == null) {
      int at = 4 * index;
      int from = head.spans[at + 2];
      value = new String(head.bytes, from, head.spans[at + 3] - from, StandardCharsets.ISO_8859_1);
      values[index] = value;
    }
    return value;
  }

  /**
   * True when a comma-separated field (such as {@code Connection}) lists {@code token}, compared
   * case-insensitively, in any of its lines.
   */
  public boolean containsToken(String name, String token) {
    for (int i = 0; i < size; i++) {
      if (nameIs(i, name) && listContains(i, token)) {
        return true;
      }
    }
    return false;
  }

  // Identity first: the same constant on both sides is the common case and needs no comparison.
  @SuppressWarnings("ReferenceEquality")
  private boolean nameIs(int index, String name) {
    if (head == null) {
      String n = names[index];
      return n == name || Ascii.equalsIgnoreCase(n, name);
    }
    checkLive();
    int at = 4 * index;
    return Tokens.equalsIgnoreCase(head.bytes, head.spans[at], head.spans[at + 1], name);
  }

  /** Walks the comma-separated elements of one field value without allocating. */
  private boolean listContains(int index, String token) {
    if (head == null) {
      String value = values[index];
      int start = 0;
      while (start <= value.length()) {
        int comma = value.indexOf(',', start);
        int end = comma < 0 ? value.length() : comma;
        int from = start;
        int to = end;
        while (from < to && Tokens.isOws(value.charAt(from))) from++;
        while (to > from && Tokens.isOws(value.charAt(to - 1))) to--;
        if (to - from == token.length() && value.regionMatches(true, from, token, 0, to - from)) {
          return true;
        }
        start = end + 1;
      }
      return false;
    }
    byte[] bytes = head.bytes;
    int at = 4 * index;
    int end = head.spans[at + 3];
    int start = head.spans[at + 2];
    while (start <= end) {
      int stop = start;
      while (stop < end && bytes[stop] != ',') stop++;
      int from = start;
      int to = stop;
      while (from < to && Tokens.isOws(bytes[from])) from++;
      while (to > from && Tokens.isOws(bytes[to - 1])) to--;
      if (Tokens.equalsIgnoreCase(bytes, from, to, token)) {
        return true;
      }
      start = stop + 1;
    }
    return false;
  }

  /** Turns a view of parsed bytes into plain strings, so it can be changed. */
  private void detach() {
    if (head == null) {
      return;
    }
    String[] ownNames = new String[Math.max(8, size * 2)];
    String[] ownValues = new String[ownNames.length];
    for (int i = 0; i < size; i++) {
      ownNames[i] = name(i);
      ownValues[i] = value(i);
    }
    names = ownNames;
    values = ownValues;
    head = null;
  }

  private void checkLive() {
    if (head != null && head.generation != generation) {
      throw new IllegalStateException(
          "request header fields read after their exchange ended; copy what you need while"
              + " handling");
    }
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < size; i++) {
      out.append(name(i)).append(": ").append(value(i)).append('\n');
    }
    return out.toString();
  }
}
