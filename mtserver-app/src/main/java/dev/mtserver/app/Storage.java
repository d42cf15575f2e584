package dev.mtserver.app;

import dev.mtserver.domain.content.LoadResourcePort;
import dev.mtserver.domain.form.AppendSubmissionPort;
import dev.mtserver.domain.resumable.ResumableUploadStorePort;
import dev.mtserver.domain.script.LocateScriptPort;
import dev.mtserver.domain.upload.UploadStorePort;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The stores {@link Adapters} chose, as the domain's ports: everything the server builds on them
 * sees these ports and nothing of the adapters behind them.
 *
 * @param site the site's files and directories
 * @param uploads where uploaded files go; it says where they appear in the site
 * @param submissions the log form submissions are appended to
 * @param scripts where a script's file is found
 * @param localRoot the site root as a directory on this host: a PHP runner's {@code DOCUMENT_ROOT},
 *     and where files that an endpoint shadows are looked for
 * @param uploadsLocation where uploads are kept, for the log
 * @param remoteStores the stores outside this host (a bucket, a database) that {@code /healthz}
 *     asks; empty when everything is on this host's disk
 * @param resumable where unfinished resumable (tus) uploads are kept; empty when they are off, or
 *     when the uploads area has no resumable store (an object store: {@code /files/} then answers
 *     404 saying so)
 */
record Storage(
    LoadResourcePort site,
    UploadStorePort uploads,
    AppendSubmissionPort submissions,
    LocateScriptPort scripts,
    Path localRoot,
    String uploadsLocation,
    List<StoreProbe> remoteStores,
    Optional<ResumableUploadStorePort> resumable) {

  Storage {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(uploads, "uploads");
    Objects.requireNonNull(submissions, "submissions");
    Objects.requireNonNull(scripts, "scripts");
    Objects.requireNonNull(localRoot, "localRoot");
    Objects.requireNonNull(uploadsLocation, "uploadsLocation");
    remoteStores = List.copyOf(remoteStores);
    Objects.requireNonNull(resumable, "resumable");
  }
}
