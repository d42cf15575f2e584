package dev.mtserver.http.target;

import dev.mtserver.domain.path.SitePath;
import java.util.Optional;

/**
 * A decoded request-target.
 *
 * @param path the normalised site path; {@link SitePath#ROOT} for the asterisk-form
 * @param rawQuery the query exactly as sent, without the {@code ?}, still percent-encoded
 * @param asterisk true for {@code OPTIONS *}
 */
public record RequestTarget(SitePath path, Optional<String> rawQuery, boolean asterisk) {}
