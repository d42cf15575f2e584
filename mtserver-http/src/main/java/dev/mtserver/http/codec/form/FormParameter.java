package dev.mtserver.http.codec.form;

import java.util.Objects;

/** One decoded {@code name=value} pair of a form body. */
public record FormParameter(String name, String value) {

  public FormParameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }
}
