package dev.mtserver.domain.upload.named;

import static com.google.common.base.Preconditions.checkArgument;

import dev.mtserver.domain.path.SitePath;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A file sent to be stored under a name, as known before its body is read.
 *
 * @param path where it was sent, such as {@code /downloads/report.pdf}
 * @param declaredLength the body's length as announced; empty for a chunked body
 * @param condition its {@code If-Match} and {@code If-None-Match}
 */
public record PutCommand(SitePath path, OptionalLong declaredLength, WriteCondition condition) {

  public PutCommand {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(declaredLength, "declaredLength");
    Objects.requireNonNull(condition, "condition");
    declaredLength.ifPresent(
        length -> checkArgument(length >= 0, "declaredLength must not be negative"));
  }
}
