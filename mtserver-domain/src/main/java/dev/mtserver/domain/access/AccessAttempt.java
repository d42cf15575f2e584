package dev.mtserver.domain.access;

import dev.mtserver.domain.path.SitePath;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What the access policy needs to know about one request, read from its head alone (before any body
 * byte): whether it only reads, where it goes, who sends it, and the credentials it carries.
 *
 * @param read true for a request that cannot change state (a safe method: GET, HEAD, OPTIONS)
 * @param path where the request goes
 * @param client who sends it, as a key for counting failures (the peer's IP address); never shown
 * @param credentials the user and password it carries, if any; the password array is cleared by
 *     {@link AuthorizeRequestUseCase#decide} once checked
 */
public record AccessAttempt(
    boolean read, SitePath path, String client, Optional<Credentials> credentials) {

  public AccessAttempt {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(credentials, "credentials");
  }

  /** A user and a password, as the client sent them. */
  public record Credentials(String user, char[] password) {
    public Credentials {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
    }

    /** Forgets the password (called once it has been checked). */
    void clear() {
      Arrays.fill(password, '\0');
    }

    @Override
    public String toString() {
      return "Credentials[user=" + user + "]";
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Credentials that
          && user.equals(that.user)
          && Arrays.equals(password, that.password);
    }

    @Override
    public int hashCode() {
      return user.hashCode();
    }
  }
}
