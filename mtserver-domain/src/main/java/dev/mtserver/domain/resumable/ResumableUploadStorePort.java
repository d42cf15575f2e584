package dev.mtserver.domain.resumable;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Outbound port: where resumable uploads are kept while they arrive, and how a finished one is
 * published into the uploads area. What an implementation must guarantee:
 *
 * <ul>
 *   <li><b>Hidden until published.</b> The bytes of an unfinished upload are kept where nothing
 *       serves them; they never appear among the stored uploads, never under a name a client chose.
 *   <li><b>Durable offsets.</b> {@link ChunkSink#keep} returns only once every byte up to the new
 *       offset, and the offset itself, survive a crash or a power loss. Bytes written but not kept
 *       are never counted: after a crash an upload's offset is its last kept one, and whatever lies
 *       beyond it is thrown away (a torn tail is never reported as received).
 *   <li><b>Nothing of a discarded chunk.</b> {@link ChunkSink#discard} puts the upload back where
 *       the chunk began, and the next chunk starts there.
 *   <li><b>One holder at a time.</b> Every change goes through a {@link HeldUpload}; {@link #hold}
 *       answers {@link Hold.Busy} while another holder has it, in this process or in another
 *       process sharing the store, so two servers on one store neither interleave chunks nor remove
 *       what the other is writing. Reads ({@link #find}, {@link #list}) need no hold and see the
 *       last durable state.
 *   <li><b>Atomic publication, never overwriting.</b> {@link HeldUpload#publish} makes the whole
 *       file visible at once under a free name derived from the given one, in the order of {@link
 *       dev.mtserver.domain.upload.NameCandidates}, never replacing an existing file, even one a
 *       multipart upload is storing under the same name at that moment. A crash during it never
 *       leaves part of a file visible, and the store should recognise a publication it made but had
 *       not yet recorded, rather than publish the same upload twice.
 *   <li><b>Recovery.</b> On opening, the store reconciles what a crash left: offsets cut back to
 *       the durable ones, half-made uploads removed, nothing that another living process holds
 *       touched.
 * </ul>
 */
public interface ResumableUploadStorePort {

  /**
   * Records a new, empty upload; once this returns it survives a crash.
   *
   * @throws IOException also when an upload with this id exists already
   */
  void create(ResumableUpload upload) throws IOException;

  /** The upload as last durably recorded, or empty when there is none. */
  Optional<ResumableUpload> find(UploadId id) throws IOException;

  /**
   * Every upload the store holds, published ones included; uploads that cannot be read are skipped.
   */
  List<ResumableUpload> list() throws IOException;

  /** Takes the upload for changing, if it exists and nobody else holds it. */
  Hold hold(UploadId id) throws IOException;

  /** Bytes the store can still take, or {@code Long.MAX_VALUE} when it cannot tell. */
  long usableSpace() throws IOException;

  /** The answer of {@link #hold}. */
  sealed interface Hold {

    /** The upload, held until {@link HeldUpload#close}. */
    record Held(HeldUpload upload) implements Hold {}

    /** There is no such upload. */
    record Missing() implements Hold {}

    /** Another holder has it: a request in this process, or another process sharing the store. */
    record Busy() implements Hold {}
  }
}
