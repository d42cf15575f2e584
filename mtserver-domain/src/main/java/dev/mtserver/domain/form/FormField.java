package dev.mtserver.domain.form;

import java.util.Objects;

/**
 * One field of a submitted form, decoded: a name and a value, both text. A form may hold several
 * fields with the same name; their order is kept wherever fields are listed.
 */
public record FormField(String name, String value) {

  public FormField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }
}
