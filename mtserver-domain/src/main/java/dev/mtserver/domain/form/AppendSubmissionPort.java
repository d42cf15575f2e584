package dev.mtserver.domain.form;

import java.io.IOException;

/**
 * Outbound port: an append-only log of submissions — a file of JSON lines, a database table. What
 * an implementation must provide, and may assume:
 *
 * <ul>
 *   <li><b>Durable on return.</b> {@link #append} returns only once the submission is on stable
 *       storage (fsynced, committed): the client is then told it was recorded.
 *   <li><b>Whole records.</b> Concurrent appends never interleave: each submission is one whole
 *       record, and a failed append leaves no partial record behind. Appends come from many worker
 *       threads at once; grouping them into one write or transaction is the store's choice.
 *   <li><b>The domain's failures.</b> {@link dev.mtserver.domain.upload.StorageFullException} when
 *       the store is full (507), {@link dev.mtserver.domain.store.StoreUnavailableException} when
 *       it cannot answer now and nothing was recorded (503 with {@code Retry-After}); any other
 *       {@link IOException} is a fault (500) — among them an append whose outcome the store cannot
 *       tell (a commit whose answer was lost), which must never be reported as "unavailable", whose
 *       promise is that nothing changed.
 *   <li><b>Bounded waits.</b> An append does not block a worker past the store's own time limits; a
 *       store that is slow says so with {@code StoreUnavailableException(TIMED_OUT)}.
 * </ul>
 */
public interface AppendSubmissionPort {

  void append(FormSubmission submission) throws IOException;
}
