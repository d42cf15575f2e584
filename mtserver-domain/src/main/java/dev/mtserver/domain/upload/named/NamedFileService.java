package dev.mtserver.domain.upload.named;

import dev.mtserver.domain.content.EntityTag;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.upload.FileNameSanitizer;
import dev.mtserver.domain.upload.UploadArea;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Implements {@link NamedFilesUseCase} with the site's rules:
 *
 * <ul>
 *   <li>Only a file name directly in the uploads area may be written or removed: never the area
 *       itself, a folder below it, or anything else in the site.
 *   <li>A name is sanitised exactly as a multipart upload's ({@link FileNameSanitizer}); the file
 *       goes to the sanitised name, and the answer says where.
 *   <li>A name that is taken is never silently replaced: without {@code If-Match} it is a conflict;
 *       with it, the file is replaced only if the tag still matches when it is put in place.
 *   <li>Replacing and removing are offered only where people sign in ({@code changesGuarded}: an
 *       auth file is configured and the access guard asks credentials for every write). Elsewhere
 *       anyone may add a file, as with the upload form, but nobody may change or remove one.
 *   <li>Preconditions are evaluated as RFC 9110 §13.2.2 says: a removal of a file that does not
 *       exist is 404 whatever its conditions (its answer without them would not be a success).
 * </ul>
 */
public final class NamedFileService implements NamedFilesUseCase {

  /** The one buffer a body streams through; the HTTP layer reserves it from its memory budget. */
  public static final int TRANSFER_BUFFER_BYTES = 16 * 1024;

  private final NamedFileStorePort store;
  private final UploadArea area;
  private final boolean changesGuarded;

  /**
   * @param store where the files are
   * @param changesGuarded true when every write needs credentials: then replacing and removing are
   *     offered
   */
  public NamedFileService(NamedFileStorePort store, boolean changesGuarded) {
    this.store = Objects.requireNonNull(store, "store");
    this.area = store.area();
    this.changesGuarded = changesGuarded;
  }

  @Override
  public Set<NamedFileOperation> operationsAt(SitePath path) {
    if (requestedName(path).isEmpty()) {
      return Set.of();
    }
    return changesGuarded
        ? EnumSet.allOf(NamedFileOperation.class)
        : EnumSet.of(NamedFileOperation.CREATE);
  }

  @Override
  public PutDecision admitPut(PutCommand command) throws IOException {
    Optional<String> requested = requestedName(command.path());
    if (requested.isEmpty()) {
      return new PutDecision.NotWritable();
    }
    WriteCondition condition = command.condition();
    boolean replacing = condition.ifMatch().isPresent();
    if (replacing && !changesGuarded) {
      return new PutDecision.NotAllowed();
    }
    String name = FileNameSanitizer.sanitize(requested.get());
    Optional<EntityTag> current = store.entityTag(name);
    if (!condition.holdsFor(current)) {
      return new PutDecision.PreconditionFailed(name);
    }
    if (current.isPresent() && !replacing) {
      return new PutDecision.Conflict(name);
    }
    if (command.declaredLength().isPresent()) {
      long declared = command.declaredLength().getAsLong();
      long usable = store.usableSpace();
      if (declared > usable) {
        return new PutDecision.InsufficientStorage(declared, usable);
      }
    }
    return new PutDecision.Accepted(name, replacing ? current : Optional.empty());
  }

  @Override
  public PutResult put(PutDecision.Accepted accepted, InputStream body) throws IOException {
    NamedPendingUpload upload = store.beginNamed(accepted.name());
    try {
      byte[] buffer = new byte[TRANSFER_BUFFER_BYTES];
      int n;
      while ((n = body.read(buffer)) != -1) {
        upload.write(buffer, 0, n);
      }
      upload.seal();
      PublishedFile file =
          accepted.replacing().isPresent()
              ? upload.commitReplacing(accepted.replacing().get())
              : upload.commitNew();
      return new PutResult(file, area.pathOf(file.name()), accepted.replacing().isPresent());
    } finally {
      upload.abort(); // nothing after a commit; the hidden bytes are gone after any failure
    }
  }

  @Override
  public DeleteOutcome delete(SitePath path, WriteCondition condition) throws IOException {
    Optional<String> requested = requestedName(path);
    if (requested.isEmpty()) {
      return new DeleteOutcome.NotWritable();
    }
    if (!changesGuarded) {
      return new DeleteOutcome.NotAllowed();
    }
    String name = requested.get();
    if (!FileNameSanitizer.sanitize(name).equals(name)) {
      return new DeleteOutcome.NotFound(); // no upload was ever stored under such a name
    }
    Optional<EntityTag> current = store.entityTag(name);
    if (current.isEmpty()) {
      return new DeleteOutcome.NotFound();
    }
    if (!condition.holdsFor(current)) {
      return new DeleteOutcome.PreconditionFailed();
    }
    try {
      store.delete(name, condition.ifMatch().isPresent() ? current : Optional.empty());
    } catch (NoSuchStoredFileException gone) {
      return new DeleteOutcome.NotFound();
    } catch (FileChangedException changed) {
      return new DeleteOutcome.PreconditionFailed();
    }
    return new DeleteOutcome.Deleted();
  }

  /** The last segment of a file path directly in the uploads area, as the client spelled it. */
  private Optional<String> requestedName(SitePath path) {
    Optional<SitePath> directory = area.directory();
    if (directory.isEmpty()
        || path.isDirectoryForm()
        || path.segments().isEmpty()
        || !path.parent().equals(directory.get())) {
      return Optional.empty();
    }
    return Optional.of(path.fileName());
  }
}
