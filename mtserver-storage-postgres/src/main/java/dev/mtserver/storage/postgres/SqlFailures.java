package dev.mtserver.storage.postgres;

import com.google.common.base.Throwables;
import dev.mtserver.domain.store.StoreUnavailableException;
import dev.mtserver.domain.store.StoreUnavailableException.Reason;
import dev.mtserver.domain.upload.StorageFullException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Turns the driver's and the pool's {@link SQLException}s into what the rest of the server
 * understands: the domain's {@link StoreUnavailableException} for a database that is down or slow,
 * {@link StorageFullException} for one whose disk is full, a plain {@link IOException} for
 * everything else (a fault no retry will mend). Decided by SQLSTATE, which the server and the
 * driver both set, never by message text.
 */
final class SqlFailures {

  private SqlFailures() {}

  /** What a failed append reports. {@code database} names it for the log. */
  static IOException ofAppend(SQLException e, String database) {
    String message = "Could not record a submission in " + database + ": " + firstLine(e);
    Optional<Reason> unavailable = unavailability(e);
    if (unavailable.isPresent()) {
      return new StoreUnavailableException(unavailable.get(), message, e);
    }
    if ("53100".equals(e.getSQLState())) { // disk_full
      return new StorageFullException(message, e);
    }
    return new IOException(message, e);
  }

  /**
   * What a failed commit reports. The server may have committed and lost only its answer (the
   * connection broke, the socket timed out, the server was shutting down): the outcome is unknown,
   * so this is never {@link StoreUnavailableException}, whose promise is that nothing changed. Any
   * other failure is the server's refusal to commit, which rolls back.
   */
  static IOException ofCommit(SQLException e, String database) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.isEmpty() || state.startsWith("08") || state.startsWith("57P")) {
      return new IOException(
          "The commit of a submission to "
              + database
              + " was not confirmed, so it may or may not"
              + " be recorded: "
              + firstLine(e),
          e);
    }
    return ofAppend(e, database);
  }

  /**
   * Whether the failure means "the database could not be reached or did not answer in time" (so the
   * same call may succeed later), and which of the two.
   */
  static Optional<Reason> unavailability(SQLException e) {
    if (e instanceof SQLTransientConnectionException) {
      return Optional.of(poolTimeout(e));
    }
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.equals("57014") || state.equals("55P03")) {
      return Optional.of(Reason.TIMED_OUT); // statement_timeout or lock_timeout fired
    }
    if (state.startsWith("08")) { // connection exceptions: refused, broken, or a silent socket
      return Optional.of(timedOut(e) ? Reason.TIMED_OUT : Reason.UNREACHABLE);
    }
    if (state.startsWith("57P") // admin_shutdown, crash_shutdown, cannot_connect_now
        || state.equals("53300") // too_many_connections
        || state.equals("25006") // read_only_sql_transaction: a standby, mid-failover
        || state.startsWith("28")) { // the log-in refused (a password changed under us)
      return Optional.of(Reason.UNREACHABLE);
    }
    return Optional.empty();
  }

  /**
   * Why the pool had no connection to hand out within its wait. Its cause, when there is one, is
   * the last thing that went wrong with any connection: a failed attempt to connect says the
   * database is unreachable (or slow to answer); an old connection found dead ({@code 08003}) says
   * nothing about the database now. Without such a cause the wait simply ran out: every connection
   * stayed busy, or a new one was still being opened.
   */
  private static Reason poolTimeout(SQLException e) {
    if (e.getCause() instanceof SQLException cause && !"08003".equals(cause.getSQLState())) {
      return unavailability(cause).orElse(Reason.TIMED_OUT);
    }
    return Reason.TIMED_OUT;
  }

  /** What start-up reports: the database named, the reason in a few words, never the password. */
  static PostgresStartupException ofStart(Exception e, PostgresConfig config) {
    String reason = reasonAtStart(e);
    String password = config.password();
    if (password.length() >= 4) {
      reason = reason.replace(password, "****"); // belt and braces: no known message holds it
    }
    return new PostgresStartupException(
        "Cannot use the submission database " + config.describe() + ": " + reason, e);
  }

  private static String reasonAtStart(Exception e) {
    for (Throwable t : Throwables.getCausalChain(e)) {
      if (t instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
        ServerErrorMessage server = psql.getServerErrorMessage();
        return server.getMessage() + " (SQLSTATE " + server.getSQLState() + ")";
      }
      if (t instanceof ConnectException) {
        return "connection refused";
      }
      if (t instanceof UnknownHostException) {
        return "unknown host";
      }
      if (t instanceof SocketTimeoutException) {
        return "no answer in time";
      }
    }
    Throwable root = Throwables.getRootCause(e);
    return firstLine(root);
  }

  private static boolean timedOut(Throwable e) {
    return Throwables.getCausalChain(e).stream().anyMatch(SocketTimeoutException.class::isInstance);
  }

  private static String firstLine(Throwable e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
