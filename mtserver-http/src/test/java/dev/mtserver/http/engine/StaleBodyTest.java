package dev.mtserver.http.engine;

import static dev.mtserver.http.engine.Loop.get;
import static dev.mtserver.http.engine.Loop.post;
import static dev.mtserver.http.engine.Loop.serve;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.http.codec.HttpFields;
import dev.mtserver.http.spi.ChannelTransfer;
import dev.mtserver.http.testing.RawResponse;
import dev.mtserver.http.testing.ScriptedConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A body whose content changed since the handler looked it up ({@link StaleBodyException}): asked
 * again once while nothing has been sent, never answered 500, never sent half-old.
 */
class StaleBodyTest {

  private static final ChannelTransfer STALE =
      (position, count, target) -> {
        throw new StaleBodyException("the version looked up is gone", null);
      };

  /** Answers with a stale body for the first {@code staleAnswers} calls, then with "fresh". */
  private static final class ChangingContent implements HttpHandler {
    final AtomicInteger calls = new AtomicInteger();
    private final int staleAnswers;

    ChangingContent(int staleAnswers) {
      this.staleAnswers = staleAnswers;
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
      if (calls.incrementAndGet() <= staleAnswers) {
        return new HttpResponse(
            200, new HttpFields(), new ResponseBody.Region(STALE, 0, 9, () -> {}));
      }
      byte[] fresh = "fresh".getBytes(StandardCharsets.US_ASCII);
      ChannelTransfer source =
          (position, count, target) ->
              target.write(ByteBuffer.wrap(fresh, (int) position, fresh.length - (int) position));
      return new HttpResponse(200, new HttpFields(), new ResponseBody.Region(source, 0, 5, null));
    }
  }

  @Test
  void a_get_whose_small_body_went_stale_is_answered_again_from_a_fresh_look_up() {
    ChangingContent handler = new ChangingContent(1);

    List<RawResponse> responses = serve(handler, ScriptedConnection.of(get("/f") + get("/f")));

    assertThat(responses).extracting(RawResponse::status).containsExactly(200, 200);
    assertThat(responses.get(0).bodyText()).isEqualTo("fresh");
    assertThat(responses.get(0).header("Content-Length")).contains("5");
    assertThat(handler.calls).hasValue(3); // twice for the first request, once for the second
  }

  @Test
  void stale_twice_is_503_with_retry_after_and_the_connection_closes() {
    ChangingContent handler = new ChangingContent(2);

    List<RawResponse> responses = serve(handler, ScriptedConnection.of(get("/f") + get("/f")));

    assertThat(responses).hasSize(1);
    assertThat(responses.get(0).status()).isEqualTo(503);
    assertThat(responses.get(0).header("Retry-After")).contains("1");
    assertThat(responses.get(0).header("Connection")).contains("close");
    assertThat(handler.calls).hasValue(2);
  }

  @Test
  void a_request_with_a_body_is_never_asked_again() {
    ChangingContent handler = new ChangingContent(1);

    List<RawResponse> responses = serve(handler, ScriptedConnection.of(post("/f", "a=1")));

    assertThat(responses).extracting(RawResponse::status).containsExactly(503);
    assertThat(handler.calls).hasValue(1);
  }
}
