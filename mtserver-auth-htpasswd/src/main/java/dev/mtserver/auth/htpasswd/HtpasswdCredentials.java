package dev.mtserver.auth.htpasswd;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import dev.mtserver.domain.access.CheckCredentialsPort;
import dev.mtserver.threads.PeriodicCheck;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link CheckCredentialsPort} over an Apache {@code htpasswd} file ({@code --auth-file}).
 *
 * <p>{@link #load} reads the file and refuses it, with a message for the operator, when an entry
 * uses a refused format ({@link HashFormats}). {@link #check} looks the user up in the version last
 * read and checks the password against the user's hash, or, for a user the file does not have,
 * against a decoy hash of the same cost, so both wrong answers take the same time.
 *
 * <p>The file is read again when it changes: every interval a thread from the factory handed to
 * {@link #start} compares the file's real path (links followed) and SHA-256 with the version in
 * use. A good new version replaces the users at once; a bad one is logged on one line, once, and
 * the users read before stay.
 */
public final class HtpasswdCredentials implements CheckCredentialsPort, AutoCloseable {

  /** What one re-read found. */
  public enum Outcome {
    /** The file is the version already seen (in use, or already refused). */
    UNCHANGED,
    /** A new version was read and is now used. */
    RELOADED,
    /** A new version could not be used; the users read before stay. */
    REFUSED
  }

  private record Version(Path realPath, HashCode sha256) {}

  private record Read(Version version, byte[] content) {}

  private static final Logger LOG = LoggerFactory.getLogger(HtpasswdCredentials.class);

  private final Path file;
  private final AtomicReference<HtpasswdFile> users;
  private final Object reloadLock = new Object();
  private final PeriodicCheck watch = new PeriodicCheck("password file check", this::reloadNow);
  private Version lastSeen;
  private String lastProblem;

  private HtpasswdCredentials(Path file, HtpasswdFile users, Version version) {
    this.file = file;
    this.users = new AtomicReference<>(users);
    this.lastSeen = version;
  }

  /**
   * Reads {@code file}.
   *
   * @throws HtpasswdException when it cannot be used: the server must not start
   */
  public static HtpasswdCredentials load(Path file) throws HtpasswdException {
    Objects.requireNonNull(file, "file");
    Read read = read(file);
    HtpasswdFile users = HtpasswdFile.parse(read.content(), file.toString());
    warnAboutDuplicates(file, users);
    return new HtpasswdCredentials(file, users, read.version());
  }

  private static Read read(Path file) throws HtpasswdException {
    try {
      Path real = file.toRealPath();
      if (Files.size(real) > HtpasswdFile.MAX_BYTES) {
        throw new HtpasswdException(
            "the password file "
                + file
                + " is larger than "
                + (HtpasswdFile.MAX_BYTES >> 20)
                + " MiB");
      }
      byte[] content = Files.readAllBytes(real);
      return new Read(new Version(real, Hashing.sha256().hashBytes(content)), content);
    } catch (NoSuchFileException e) {
      throw new HtpasswdException(
          "the password file "
              + file
              + " does not exist. "
              + "Create it with: htpasswd -B -c "
              + file
              + " USER",
          e);
    } catch (AccessDeniedException e) {
      throw new HtpasswdException(
          "the password file " + file + " cannot be read by this user: check its permissions", e);
    } catch (IOException e) {
      throw new HtpasswdException("cannot read the password file " + file + ": " + e, e);
    }
  }

  private static void warnAboutDuplicates(Path file, HtpasswdFile users) {
    if (!users.duplicates().isEmpty()) {
      LOG.warn(
          "{} names a user more than once; the first entry counts, these are ignored: {}",
          file,
          String.join(", ", users.duplicates()));
    }
  }

  @Override
  public boolean check(String user, char[] password) {
    HtpasswdFile current = users.get();
    // one hash computation either way: the user's, or the decoy's at the same cost
    boolean matches = current.hashFor(user).matches(password);
    return matches && current.hasUser(user);
  }

  /** How many users the version in use has. */
  public int users() {
    return users.get().size();
  }

  /** The file as configured. */
  public Path file() {
    return file;
  }

  /** Reads the file again now, on this thread, as the watcher does every interval. */
  public Outcome reloadNow() {
    synchronized (reloadLock) {
      Read read;
      try {
        read = read(file);
      } catch (HtpasswdException e) {
        return refuse(null, e.getMessage());
      }
      if (read.version().equals(lastSeen)) {
        lastProblem = null;
        return Outcome.UNCHANGED;
      }
      try {
        HtpasswdFile fresh = HtpasswdFile.parse(read.content(), file.toString());
        users.set(fresh);
        lastSeen = read.version();
        lastProblem = null;
        warnAboutDuplicates(file, fresh);
        LOG.info("Password file {} re-read: {} users", file, fresh.size());
        return Outcome.RELOADED;
      } catch (HtpasswdException e) {
        return refuse(read.version(), e.getMessage());
      }
    }
  }

  /** One line per bad version; an unreadable file is logged again only when its problem changes. */
  private Outcome refuse(Version version, String problem) {
    if (version != null || !problem.equals(lastProblem)) {
      LOG.warn(
          "Password file not re-read, still using the version read before ({} users): {}",
          users.get().size(),
          problem);
    }
    if (version != null) {
      lastSeen = version;
    }
    lastProblem = problem;
    return Outcome.REFUSED;
  }

  /**
   * Re-reads the file every {@code interval} on a thread from {@code threads} (a {@link
   * PeriodicCheck}), until {@link #close()}.
   *
   * @throws IllegalStateException when already started or closed
   */
  public void start(ThreadFactory threads, Duration interval) {
    watch.start(threads, interval);
  }

  /** Stops the watcher, if any, and waits briefly for it. */
  @Override
  public void close() {
    watch.close();
  }
}
