package dev.mtserver.domain.posting;

import dev.mtserver.domain.content.ServeContentUseCase;
import dev.mtserver.domain.form.FormField;
import dev.mtserver.domain.form.RecordSubmissionUseCase;
import dev.mtserver.domain.path.SitePath;
import dev.mtserver.domain.upload.StoreUploadUseCase;
import dev.mtserver.domain.upload.StoredFile;
import dev.mtserver.domain.upload.UploadArea;
import dev.mtserver.domain.upload.UploadBatch;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Implements {@link AcceptUploadUseCase}, with the site's rules for uploads:
 *
 * <ul>
 *   <li>a multipart form may be posted to the upload endpoint {@link #ENDPOINT} (where the starter
 *       site's form posts) or to any page a GET would serve; anywhere else is not found;
 *   <li>a body announced larger than the room the upload store has left is refused before it is
 *       read (the store may still fill up while it is read: then the store's own failure says so);
 *   <li>files go through {@link StoreUploadUseCase}, all published or none; text fields are
 *       recorded through {@link RecordSubmissionUseCase} after the files, with their names;
 *   <li>a form without files is a plain form on a page, and a mistake on the endpoint.
 * </ul>
 */
public final class AcceptUploadService implements AcceptUploadUseCase {

  /** Where the starter site's upload form posts. */
  public static final SitePath ENDPOINT = SitePath.parse("/upload");

  private final ServeContentUseCase pages;
  private final StoreUploadUseCase uploads;
  private final RecordSubmissionUseCase submissions;
  private final UploadArea area;

  /**
   * @param pages tells which paths are pages
   * @param area where the stored files appear in the site, as the upload store says
   */
  public AcceptUploadService(
      ServeContentUseCase pages,
      StoreUploadUseCase uploads,
      RecordSubmissionUseCase submissions,
      UploadArea area) {
    this.pages = Objects.requireNonNull(pages, "pages");
    this.uploads = Objects.requireNonNull(uploads, "uploads");
    this.submissions = Objects.requireNonNull(submissions, "submissions");
    this.area = Objects.requireNonNull(area, "area");
  }

  @Override
  public UploadDecision admit(UploadCommand command) throws IOException {
    SitePath path = command.path();
    boolean endpoint = path.asFile().equals(ENDPOINT);
    if (!endpoint && !SubmitFormService.isPage(pages, path)) {
      return new UploadDecision.NotFound();
    }
    if (command.declaredLength().isPresent()) {
      long declared = command.declaredLength().getAsLong();
      long usable = uploads.usableSpace();
      if (declared > usable) {
        return new UploadDecision.InsufficientStorage(declared, usable);
      }
    }
    return new UploadDecision.Accepted(command, endpoint);
  }

  @Override
  public UploadReception receive(UploadDecision.Accepted accepted) {
    return new Reception(accepted, uploads.begin());
  }

  private final class Reception implements UploadReception {
    private final UploadDecision.Accepted accepted;
    private final UploadBatch batch;
    private final List<FormField> fields = new ArrayList<>();

    Reception(UploadDecision.Accepted accepted, UploadBatch batch) {
      this.accepted = accepted;
      this.batch = batch;
    }

    @Override
    public long addFile(String clientFileName, InputStream content) throws IOException {
      return batch.add(clientFileName, content);
    }

    @Override
    public void addField(FormField field) {
      fields.add(Objects.requireNonNull(field, "field"));
    }

    @Override
    public UploadResult finish() throws IOException {
      UploadCommand command = accepted.command();
      if (batch.size() == 0) {
        if (accepted.endpoint()) {
          return new UploadResult.NoFile();
        }
        return new UploadResult.RecordedAsForm(
            submissions.record(command.path(), command.remoteAddress(), fields));
      }
      List<StoredFile> stored = batch.commit();
      if (!fields.isEmpty()) {
        List<String> names = stored.stream().map(StoredFile::name).toList();
        submissions.record(command.path(), command.remoteAddress(), fields, names);
      }
      return new UploadResult.Stored(
          stored.stream()
              .map(file -> new UploadedFile(file.name(), file.size(), area.pathOf(file.name())))
              .toList());
    }

    @Override
    public void close() {
      batch.close();
    }
  }
}
