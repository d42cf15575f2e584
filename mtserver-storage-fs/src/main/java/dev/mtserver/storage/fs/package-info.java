/**
 * The file-system adapter for the domain's outbound ports.
 *
 * <p>{@link dev.mtserver.storage.fs.SiteRoot} holds the one containment check every path of the
 * site goes through before it touches the disk — serving, listing and scripts alike; the upload
 * store writes only into its own directory, under names it makes, and does not use it. {@link
 * dev.mtserver.storage.fs.FileSystemSite} implements {@link
 * dev.mtserver.domain.content.LoadResourcePort} on top of it, opens files as {@link
 * java.nio.channels.FileChannel}s, whose {@code transferTo} is the JDK's {@code sendfile(2)}, and
 * serves small hot files from the {@link dev.mtserver.storage.fs.SmallFileCache}. {@link
 * dev.mtserver.storage.fs.FileSystemUploadStore} implements {@link
 * dev.mtserver.domain.upload.UploadStorePort} (hidden temporary file, fsync and close as soon as it
 * is complete, hard link to a free name, never overwriting), with {@link
 * dev.mtserver.storage.fs.UploadOwner} (one lock for a process's uploads in flight), {@link
 * dev.mtserver.storage.fs.StaleUploadsCleanup} (what crashed processes left, at start), {@link
 * dev.mtserver.storage.fs.TemporaryNames} and {@link dev.mtserver.storage.fs.FileNameEncoding}
 * (names the platform can spell); {@link dev.mtserver.storage.fs.JsonLinesSubmissionLog} implements
 * {@link dev.mtserver.domain.form.AppendSubmissionPort} (one fsynced JSON line per submission);
 * {@link dev.mtserver.storage.fs.FileSystemResumableUploadStore} implements {@link
 * dev.mtserver.domain.resumable.ResumableUploadStorePort} (resumable uploads in a directory of
 * their own: {@link dev.mtserver.storage.fs.ProgressFile} for durable offsets, {@link
 * dev.mtserver.storage.fs.UploadDescriptor}, {@link dev.mtserver.storage.fs.UploadLocks} for one
 * holder per upload across processes, {@link dev.mtserver.storage.fs.ResumableRecovery} at start,
 * publication through the upload store).
 *
 * <p>Must not depend on HTTP, the transport or the app. Only {@code mtserver-app} constructs these
 * classes.
 */
package dev.mtserver.storage.fs;
