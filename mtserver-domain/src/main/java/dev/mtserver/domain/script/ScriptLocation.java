package dev.mtserver.domain.script;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a located script is, in terms only two adapters share: the store that located it ({@link
 * LocateScriptPort}) makes it, the runner ({@link ScriptRunnerPort}) interprets it, and the domain
 * never looks inside. It is not a path of the site (that is {@link ScriptFile#path}) and nothing in
 * the domain may read a file through it.
 *
 * <p>There is one kind today, {@link Kind#LOCAL_FILE}: both runners (php-cgi and php-fpm) hand the
 * interpreter a file name on this host, so both need a store that keeps scripts as local files,
 * which the file-system store does. A store whose scripts are not local files (an object store)
 * would bring a kind of its own, and a runner that can fetch such a script; a runner given a kind
 * it cannot run answers {@link ScriptOutcome.Failed}.
 *
 * @param kind how {@code reference} is to be read
 * @param reference for {@link Kind#LOCAL_FILE}, the script's real, absolute file name (links
 *     resolved)
 */
public record ScriptLocation(Kind kind, String reference) {

  /** How a location's reference is read. */
  public enum Kind {
    /** An absolute file name on the host the server runs on. */
    LOCAL_FILE
  }

  public ScriptLocation {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reference, "reference");
    checkArgument(!reference.isEmpty(), "reference must not be empty");
  }

  /** A script kept as a local file, by its real, absolute file name. */
  public static ScriptLocation localFile(String absoluteFileName) {
    return new ScriptLocation(Kind.LOCAL_FILE, absoluteFileName);
  }

  /** The absolute file name on this host, when the script is a local file. */
  public Optional<String> localFileName() {
    return kind == Kind.LOCAL_FILE ? Optional.of(reference) : Optional.empty();
  }
}
