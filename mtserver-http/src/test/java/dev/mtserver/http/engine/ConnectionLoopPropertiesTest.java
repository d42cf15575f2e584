package dev.mtserver.http.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.http.testing.RawResponse;
import dev.mtserver.http.testing.RequestMutations;
import dev.mtserver.http.testing.ScriptedConnection;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The whole keep-alive loop, fed hostile bytes: every byte it writes parses as well-formed
 * responses, each with a status a client may be told (never a 500: bad input is never a server
 * failure), and nothing escapes {@code serve}.
 */
class ConnectionLoopPropertiesTest {

  private static final Set<Integer> STATUSES = Set.of(100, 200, 400, 408, 414, 417, 431, 501, 505);

  @Property(tries = 1000)
  void arbitrary_bytes_get_well_formed_answers(@ForAll @Size(max = 2000) byte[] bytes) {
    net.jqwik.api.Assume.that(
        !new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains("HEAD"));
    check(bytes);
  }

  @Property(tries = 2000)
  void mutated_requests_get_well_formed_answers(@ForAll("mutated") byte[] bytes) {
    check(bytes);
  }

  /**
   * Without HEAD: a response to HEAD announces a length it does not send, and this client-side
   * parser cannot tell which responses answer HEAD when the request line itself was mangled.
   */
  @Provide
  Arbitrary<byte[]> mutated() {
    return RequestMutations.requests()
        .filter(
            bytes ->
                !new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains("HEAD"));
  }

  private static void check(byte[] bytes) {
    ScriptedConnection connection = new ScriptedConnection().thenSend(bytes);

    List<RawResponse> responses = Loop.serve(Loop.ECHO, connection);

    for (RawResponse response : responses) {
      assertThat(STATUSES).contains(response.status());
      if (response.status() >= 200) {
        assertThat(response.header("Date")).isPresent();
      }
      if (response.status() >= 400) {
        assertThat(response.header("Connection")).contains("close");
      }
    }
  }
}
