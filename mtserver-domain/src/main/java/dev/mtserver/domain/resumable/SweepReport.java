package dev.mtserver.domain.resumable;

import java.io.IOException;
import java.util.List;

/**
 * What one sweep of the store did.
 *
 * @param expired uploads removed because they expired (unfinished ones with their bytes)
 * @param published uploads whose last byte was in but that were not yet published (a crash in
 *     between), published now
 * @param busy expired uploads left alone because a request (here or in another process sharing the
 *     store) held them; the next sweep sees them again
 * @param failures what went wrong with single uploads; the sweep went on with the others, and the
 *     next one tries them again
 */
public record SweepReport(int expired, int published, int busy, List<IOException> failures) {

  public SweepReport {
    failures = List.copyOf(failures);
  }

  /** True when the sweep changed or skipped anything, or failed somewhere: worth a log line. */
  public boolean isNoteworthy() {
    return expired > 0 || published > 0 || busy > 0 || !failures.isEmpty();
  }
}
