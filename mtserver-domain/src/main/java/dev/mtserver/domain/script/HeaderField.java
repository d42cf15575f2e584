package dev.mtserver.domain.script;

import java.util.Objects;

/**
 * One header field, as a script receives it from the request or sends it in its answer.
 *
 * @param name the field name as written, such as {@code Content-Type}
 * @param value the field value, without surrounding whitespace
 */
public record HeaderField(String name, String value) {

  public HeaderField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }
}
