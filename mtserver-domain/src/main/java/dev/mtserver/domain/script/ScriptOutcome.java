package dev.mtserver.domain.script;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/** What running a script came to: one case per answer the client can be given. */
public sealed interface ScriptOutcome {

  /**
   * The script answered: its status and header fields are known, its body is still streaming.
   *
   * @param status 200–599
   * @param headers the fields to send, without {@code Status}, framing or hop-by-hop fields
   * @param declaredLength the {@code Content-Length} the script declared, if it did
   * @param body the body; the receiver must end and close it
   */
  record Response(
      int status, List<HeaderField> headers, OptionalLong declaredLength, ScriptOutput body)
      implements ScriptOutcome {
    public Response {
      checkArgument(status >= 200 && status <= 599, "status must be 200..599");
      headers = ImmutableList.copyOf(headers);
      Objects.requireNonNull(declaredLength, "declaredLength");
      Objects.requireNonNull(body, "body");
    }
  }

  /**
   * The script asked the server to answer with another local resource instead (CGI's local
   * redirect): the request is served again, as a GET without a body, for {@code location}.
   *
   * @param location an absolute path, possibly with a query ({@code /done.html?id=7})
   */
  record LocalRedirect(String location) implements ScriptOutcome {
    public LocalRedirect {
      Objects.requireNonNull(location, "location");
    }
  }

  /** No script at that path (missing, a directory, hidden, or outside the site). */
  record NotFound() implements ScriptOutcome {}

  /** The path lies where scripts are never run (the uploads directory). */
  record Forbidden() implements ScriptOutcome {}

  /** Every script slot is taken; try again after {@code retryAfter}. */
  record Busy(Duration retryAfter) implements ScriptOutcome {
    public Busy {
      Objects.requireNonNull(retryAfter, "retryAfter");
    }
  }

  /** The script ran out of time before its answer's header was complete; it was stopped. */
  record TimedOut() implements ScriptOutcome {}

  /**
   * The request body could not be kept for the script: the server's storage is full (the body is
   * spooled to disk before the script starts). Nothing was run and nothing is left behind.
   */
  record StorageFull() implements ScriptOutcome {}

  /**
   * The script could not be run, or gave no valid answer (nothing, or a malformed header).
   *
   * @param reason for the log; never shown to the client
   */
  record Failed(String reason) implements ScriptOutcome {
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
