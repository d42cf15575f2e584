package dev.mtserver.transport.tls;

import dev.mtserver.threads.PeriodicCheck;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts renewed certificates into service without a restart. Every interval it reads the {@link
 * KeyMaterialSource}'s files ({@link FileVersions}: real path and content hash); when they differ
 * from the version last seen it loads them and, if they are good, installs them in the {@link
 * ReloadingKeyManager}: new handshakes get the new certificate, connections in flight keep theirs.
 *
 * <p>Files that cannot be served (half-written, garbage, a key that does not match) are logged on
 * one line, once per version, and the certificate in use stays. A pair written as two separate
 * copies may be caught in between (new certificate, old key); that version is logged, and the next
 * check, after the second copy, loads the pair.
 *
 * <p>It runs on one thread from the {@link ThreadFactory} the caller hands to {@link #start} (a
 * {@link PeriodicCheck}): the composition root decides what threads exist. {@link #check()} is the
 * same work, on the caller's thread.
 */
public final class CertificateReloader implements AutoCloseable {

  /** What one check found. */
  public enum Outcome {
    /** The files are the version already seen (in use, or already refused). */
    UNCHANGED,
    /** New files were loaded and are now served. */
    RELOADED,
    /** New files could not be served; the certificate in use stays. */
    REFUSED
  }

  private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);

  private final KeyMaterialSource source;
  private final ReloadingKeyManager keyManager;
  private final Object lock = new Object();
  private final PeriodicCheck watch = new PeriodicCheck("TLS certificate check", this::check);
  private FileVersions lastSeen;
  private String lastProblem;

  /**
   * @param loadedFrom the version of the files read just before the key manager's current material
   *     was loaded (read first, so a change in between is seen by the next check)
   */
  CertificateReloader(
      KeyMaterialSource source, ReloadingKeyManager keyManager, FileVersions loadedFrom) {
    this.source = Objects.requireNonNull(source, "source");
    this.keyManager = Objects.requireNonNull(keyManager, "keyManager");
    this.lastSeen = loadedFrom;
  }

  /** Checks the files once, on this thread. */
  public Outcome check() {
    synchronized (lock) {
      FileVersions now;
      try {
        now = currentVersions(source);
      } catch (TlsMaterialException e) {
        return refuse(null, e.getMessage());
      }
      if (now.equals(lastSeen)) {
        lastProblem = null;
        return Outcome.UNCHANGED;
      }
      try {
        KeyMaterial material = source.load();
        keyManager.install(material);
        lastSeen = now;
        lastProblem = null;
        LOG.info(
            "TLS certificate reloaded from {}: {}, valid until {}, SHA-256 {}",
            source.description(),
            material.leaf().getSubjectX500Principal().getName(),
            material.notAfter(),
            material.fingerprint());
        return Outcome.RELOADED;
      } catch (TlsMaterialException | RuntimeException e) {
        return refuse(now, e.getMessage());
      }
    }
  }

  /**
   * One line per bad version: {@code version} is remembered so the next checks stay quiet until the
   * files change again; an unreadable file (no version) is logged again only if its problem
   * changes.
   */
  private Outcome refuse(FileVersions version, String problem) {
    if (version != null) {
      lastSeen = version;
    }
    if (!problem.equals(lastProblem) || version != null) {
      LOG.warn(
          "TLS certificate not reloaded, still serving SHA-256 {}: {}",
          keyManager.current().fingerprint(),
          problem);
    }
    lastProblem = problem;
    return Outcome.REFUSED;
  }

  static FileVersions currentVersions(KeyMaterialSource source) throws TlsMaterialException {
    try {
      return FileVersions.read(source.files());
    } catch (NoSuchFileException e) {
      throw new TlsMaterialException(e.getFile() + " does not exist", e);
    } catch (AccessDeniedException e) {
      throw new TlsMaterialException(
          e.getFile() + " cannot be read by this user: check its permissions", e);
    } catch (IOException e) {
      throw new TlsMaterialException("cannot read " + source.description() + ": " + e, e);
    }
  }

  /**
   * Checks every {@code interval} on a thread from {@code threads}, until {@link #close()}.
   *
   * @throws IllegalStateException when already started or closed
   */
  public void start(ThreadFactory threads, Duration interval) {
    watch.start(threads, interval);
  }

  /** Stops the watching thread, if any, and waits briefly for it. */
  @Override
  public void close() {
    watch.close();
  }
}
