package dev.mtserver.domain.content;

import com.google.common.collect.ImmutableList;
import dev.mtserver.domain.path.SitePath;
import java.util.List;
import java.util.Objects;

/**
 * What a client asks {@link ServeContentUseCase} for.
 *
 * @param path the site path requested
 * @param acceptedCodings the precompressed codings the client accepts, most preferred first; empty
 *     when it accepts none (the identity coding is always acceptable)
 */
public record ContentRequest(SitePath path, List<ContentCoding> acceptedCodings) {

  public ContentRequest {
    Objects.requireNonNull(path, "path");
    acceptedCodings = ImmutableList.copyOf(acceptedCodings);
  }

  /** A request that accepts no content coding but identity. */
  public static ContentRequest of(SitePath path) {
    return new ContentRequest(path, ImmutableList.of());
  }
}
