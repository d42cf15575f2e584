/**
 * The file-system adapter for the domain's outbound ports.
 *
 * <p>{@link dev.mtserver.storage.fs.SiteRoot} holds the one containment check every path goes
 * through before it touches the disk; {@link dev.mtserver.storage.fs.FileSystemSite} implements
 * {@link dev.mtserver.domain.content.LoadResourcePort} on top of it and opens files as {@link
 * java.nio.channels.FileChannel}s, whose {@code transferTo} is the JDK's {@code sendfile(2)}.
 * {@link dev.mtserver.storage.fs.FileSystemUploadStore} implements {@link
 * dev.mtserver.domain.upload.UploadStorePort} (hidden temporary file, fsync, hard link to a free
 * name, never overwriting), and {@link dev.mtserver.storage.fs.JsonLinesSubmissionLog} implements
 * {@link dev.mtserver.domain.form.AppendSubmissionPort} (one fsynced JSON line per submission).
 * Only {@code mtserver-app} constructs these classes.
 */
package dev.mtserver.storage.fs;
