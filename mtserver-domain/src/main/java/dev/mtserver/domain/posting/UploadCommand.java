package dev.mtserver.domain.posting;

import static com.google.common.base.Preconditions.checkArgument;

import dev.mtserver.domain.path.SitePath;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A multipart form posted to the site, as known before its body is read.
 *
 * @param path where it was posted
 * @param declaredLength the body's length as the client announced it; empty when it will only be
 *     known at the end (a chunked body)
 * @param remoteAddress the client's address as text, such as {@code 127.0.0.1}, recorded with its
 *     fields
 */
public record UploadCommand(SitePath path, OptionalLong declaredLength, String remoteAddress) {

  public UploadCommand {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(declaredLength, "declaredLength");
    Objects.requireNonNull(remoteAddress, "remoteAddress");
    declaredLength.ifPresent(
        length -> checkArgument(length >= 0, "declaredLength must not be negative"));
  }
}
