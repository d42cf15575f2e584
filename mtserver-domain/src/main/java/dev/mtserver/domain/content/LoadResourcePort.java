package dev.mtserver.domain.content;

import dev.mtserver.domain.path.SitePath;
import java.io.IOException;
import java.util.Optional;

/**
 * Outbound port: looks a path up in the site's store.
 *
 * <p>Implementations apply the one containment rule: an entry outside the root (through a
 * symbolic link, say), a hidden entry, or anything that is neither a regular file nor a directory
 * is reported as empty, exactly like a missing one.
 */
public interface LoadResourcePort {

  Optional<SiteEntry> find(SitePath path) throws IOException;
}
