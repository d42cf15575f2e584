package dev.mtserver.http.engine;

import dev.mtserver.http.codec.HttpFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Header fields that every response of one engine carries, whoever built it: the site's handlers,
 * and the engine itself (400 for a malformed request, 408, 413, 431, 503 from the memory budget or
 * for a shed connection, 500). The engine does not know why: the application gives an HTTPS
 * listener's engine {@code Strict-Transport-Security} this way (ADR 0039), and that is the only
 * reason it exists. A field the handler set is replaced, so a listener's promise cannot be undone
 * by one page.
 */
public final class ResponseHeaderPolicy {

  /** No fields added. */
  public static final ResponseHeaderPolicy NONE = new ResponseHeaderPolicy(List.of());

  private record Field(String name, String value) {}

  private final List<Field> fields;

  private ResponseHeaderPolicy(List<Field> fields) {
    this.fields = fields;
  }

  /** This policy, plus {@code name: value} on every response. */
  public ResponseHeaderPolicy with(String name, String value) {
    List<Field> more = new ArrayList<>(fields);
    more.add(
        new Field(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value")));
    return new ResponseHeaderPolicy(List.copyOf(more));
  }

  /** Sets this policy's fields on a response's header fields, replacing any of the same name. */
  void applyTo(HttpFields headers) {
    for (Field field : fields) {
      headers.set(field.name(), field.value());
    }
  }
}
