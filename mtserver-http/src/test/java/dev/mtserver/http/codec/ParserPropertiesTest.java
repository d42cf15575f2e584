package dev.mtserver.http.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.http.target.HostHeader;
import dev.mtserver.http.target.RequestTargetParser;
import dev.mtserver.http.testing.RequestMutations;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever bytes arrive, the parser answers with a request or with a protocol error that carries a
 * status: never another exception, and never by reading (or keeping) more than its limits.
 */
class ParserPropertiesTest {

  private static final Set<Integer> STATUSES = Set.of(400, 414, 431, 501, 505);
  private static final int INPUT_BUFFER = 4096;

  @Property(tries = 2000)
  void arbitrary_bytes_give_heads_or_protocol_errors(@ForAll @Size(max = 3000) byte[] bytes)
      throws IOException {
    parseAll(bytes);
  }

  @Property(tries = 3000)
  void mutated_requests_give_heads_or_protocol_errors(@ForAll("mutated") byte[] bytes)
      throws IOException {
    parseAll(bytes);
  }

  @Provide
  Arbitrary<byte[]> mutated() {
    return RequestMutations.requests();
  }

  /**
   * An endless stream of random bytes (seeded by jqwik) never makes the parser read without bound:
   * it decides within the request line limit, the header block limit and one buffer.
   */
  @Property(tries = 300)
  void an_endless_stream_is_decided_within_the_limits(@ForAll long seed, @ForAll boolean asHeaders)
      throws IOException {
    HttpLimits limits = new HttpLimits(256, 256, 1024, 10, 64, 256, 0);
    Random random = new Random(seed);
    byte[] prefix = "GET / HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    long[] served = {0};
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            long i = served[0]++;
            if (asHeaders && i < prefix.length) {
              return prefix[(int) i];
            }
            // mostly printable text with some line breaks, so lines pass and the limits must act
            int r = random.nextInt(100);
            return r < 3 ? '\r' : r < 6 ? '\n' : r < 8 ? ':' : 'a' + random.nextInt(26);
          }

          @Override
          public int read(byte[] b, int off, int len) {
            int n = Math.min(len, 7);
            for (int i = 0; i < n; i++) {
              b[off + i] = (byte) read();
            }
            return n;
          }
        };
    try {
      new RequestHeadParser(limits).parse(new HttpInput(endless, 64));
    } catch (HttpProtocolException e) {
      assertThat(STATUSES).contains(e.status());
    }
    long bound =
        2L * RequestHeadParser.MAX_LEADING_EMPTY_LINES
            + limits.maxRequestLineBytes()
            + 2
            + limits.maxHeaderBlockBytes()
            + 64;
    assertThat(served[0]).isLessThanOrEqualTo(bound);
  }

  /**
   * Parses request after request, as the connection loop would, and checks each step: a head, its
   * framing, its target and its Host, and its body, fail only with a status.
   */
  private static void parseAll(byte[] bytes) throws IOException {
    HttpInput input = new HttpInput(new ByteArrayInputStream(bytes), INPUT_BUFFER);
    RequestHeadParser parser = new RequestHeadParser(HttpLimits.defaults());
    for (int requests = 0; requests < 100; requests++) {
      RequestHead head;
      BodyFraming framing;
      try {
        head = parser.parse(input);
        if (head == null) {
          return;
        }
        framing = BodyFraming.of(head);
        HostHeader.check(head);
        RequestTargetParser.parse(head.method(), head.target()).path();
      } catch (HttpProtocolException e) {
        assertThat(STATUSES).contains(e.status());
        assertThat(e.safeReason()).isNotBlank();
        return;
      }
      assertThat(head.method()).isNotEmpty();
      for (int i = 0; i < head.fields().size(); i++) {
        assertThat(head.fields().name(i)).isNotEmpty().doesNotContain(":", " ", "\r", "\n");
        assertThat(head.fields().value(i)).doesNotContain("\r", "\n", "\u0000");
      }
      try (BodyDecoder body = BodyDecoder.of(framing, input, HttpLimits.defaults())) {
        body.readAllBytes();
      } catch (MalformedBodyException e) {
        assertThat(e.status()).isIn(400, 431);
        return;
      } catch (IncompleteBodyException e) {
        return;
      }
    }
  }
}
