package dev.mtserver.domain.posting;

import com.google.common.collect.ImmutableList;
import dev.mtserver.domain.form.FormSubmission;
import java.util.List;
import java.util.Objects;

/** What became of a multipart form once its whole body was read: one case per answer. */
public sealed interface UploadResult {

  /**
   * Its files are stored and visible, in the order they were sent; its text fields, if any, were
   * recorded with their names: 201.
   */
  record Stored(List<UploadedFile> files) implements UploadResult {
    public Stored {
      files = ImmutableList.copyOf(files);
    }
  }

  /**
   * It carried no file and was posted to a page: its fields were recorded as a form submission, and
   * the page is answered as for a plain form.
   */
  record RecordedAsForm(FormSubmission submission) implements UploadResult {
    public RecordedAsForm {
      Objects.requireNonNull(submission, "submission");
    }
  }

  /** It carried no file and was posted to the upload endpoint, which takes files only: 400. */
  record NoFile() implements UploadResult {}
}
