package dev.mtserver.http.codec;

import com.google.common.base.Ascii;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An ordered list of header fields with case-insensitive lookup. Names keep the case they were
 * given; duplicates are kept in order. Not thread-safe: one request or response owns it.
 */
public final class HttpFields {

  private final List<String> names;
  private final List<String> values;

  public HttpFields() {
    this(8);
  }

  public HttpFields(int expectedSize) {
    names = new ArrayList<>(expectedSize);
    values = new ArrayList<>(expectedSize);
  }

  /** Appends a field, keeping any existing ones of the same name. */
  public HttpFields add(String name, String value) {
    names.add(name);
    values.add(value);
    return this;
  }

  /** Replaces every field of this name with one field. */
  public HttpFields set(String name, String value) {
    remove(name);
    return add(name, value);
  }

  /** Removes every field of this name. */
  public HttpFields remove(String name) {
    for (int i = names.size() - 1; i >= 0; i--) {
      if (Ascii.equalsIgnoreCase(names.get(i), name)) {
        names.remove(i);
        values.remove(i);
      }
    }
    return this;
  }

  /** The first value of the named field. */
  public Optional<String> first(String name) {
    for (int i = 0; i < names.size(); i++) {
      if (Ascii.equalsIgnoreCase(names.get(i), name)) {
        return Optional.of(values.get(i));
      }
    }
    return Optional.empty();
  }

  /** Every value of the named field, in order. */
  public List<String> all(String name) {
    List<String> found = new ArrayList<>(2);
    for (int i = 0; i < names.size(); i++) {
      if (Ascii.equalsIgnoreCase(names.get(i), name)) {
        found.add(values.get(i));
      }
    }
    return found;
  }

  /** How many fields have this name. */
  public int count(String name) {
    int count = 0;
    for (String n : names) {
      if (Ascii.equalsIgnoreCase(n, name)) {
        count++;
      }
    }
    return count;
  }

  public boolean contains(String name) {
    return count(name) > 0;
  }

  public int size() {
    return names.size();
  }

  public String name(int index) {
    return names.get(index);
  }

  public String value(int index) {
    return values.get(index);
  }

  /**
   * True when a comma-separated field (such as {@code Connection}) lists {@code token}, compared
   * case-insensitively, in any of its lines.
   */
  public boolean containsToken(String name, String token) {
    for (int i = 0; i < names.size(); i++) {
      if (Ascii.equalsIgnoreCase(names.get(i), name)) {
        for (String part : values.get(i).split(",", -1)) {
          if (Ascii.equalsIgnoreCase(part.strip(), token)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < names.size(); i++) {
      out.append(names.get(i)).append(": ").append(values.get(i)).append('\n');
    }
    return out.toString();
  }
}
