package dev.mtserver.domain.form;

import com.google.common.collect.ImmutableList;
import dev.mtserver.domain.path.SitePath;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One recorded form submission: when it arrived, which page it was posted to, who sent it, and its
 * fields in the order they were sent.
 *
 * @param time when the server received it
 * @param path the page the form was posted to
 * @param remoteAddress the client's address as text, such as {@code 127.0.0.1}
 * @param fields the text fields, in order, duplicates kept
 * @param storedFiles the names under which files sent with the same form were stored (multipart
 *     forms only; empty otherwise)
 */
public record FormSubmission(
    Instant time,
    SitePath path,
    String remoteAddress,
    ImmutableList<FormField> fields,
    ImmutableList<String> storedFiles) {

  public FormSubmission {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(remoteAddress, "remoteAddress");
    Objects.requireNonNull(fields, "fields");
    Objects.requireNonNull(storedFiles, "storedFiles");
  }

  public FormSubmission(
      Instant time,
      SitePath path,
      String remoteAddress,
      List<FormField> fields,
      List<String> storedFiles) {
    this(
        time, path, remoteAddress, ImmutableList.copyOf(fields), ImmutableList.copyOf(storedFiles));
  }
}
