package dev.mtserver.http.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.http.testing.ByteMutations;
import dev.mtserver.http.testing.FuzzTargets;
import dev.mtserver.http.testing.RawResponse;
import dev.mtserver.http.testing.ScriptedConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Pipelined requests on one connection, where smuggling lives. Well-formed pipelines are answered
 * in order, each request with its own body and nothing more. A broken request in the middle never
 * changes the answers to the requests before it, and once the loop answers with an error nothing
 * after it is read as a request.
 */
class PipelinePropertiesTest {

  /** One request on the wire and what {@link Loop#ECHO} answers it with. */
  record Exchange(byte[] wire, String echo) {
    @Override
    public String toString() {
      return FuzzTargets.escape(new String(wire, java.nio.charset.StandardCharsets.ISO_8859_1));
    }
  }

  @Property(tries = 500)
  void well_formed_pipelines_are_answered_in_order_each_with_its_own_body(
      @ForAll("exchanges") List<Exchange> pipeline) {
    List<RawResponse> responses =
        Loop.serve(Loop.ECHO, new ScriptedConnection().thenSend(concat(pipeline)));

    assertThat(responses).allSatisfy(response -> assertThat(response.status()).isEqualTo(200));
    assertThat(responses)
        .extracting(RawResponse::bodyText)
        .containsExactlyElementsOf(pipeline.stream().map(Exchange::echo).toList());
  }

  @Property(tries = 1500)
  void a_broken_request_never_changes_the_answers_before_it_and_an_error_ends_the_connection(
      @ForAll("exchanges") List<Exchange> before,
      @ForAll("brokenRequest") byte[] broken,
      @ForAll("exchanges") List<Exchange> after)
      throws IOException {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    wire.writeBytes(concat(before));
    wire.writeBytes(broken);
    wire.writeBytes(concat(after));

    FuzzTargets.connection(wire.toByteArray()); // well-formed answers, nothing after an error
    List<RawResponse> responses =
        Loop.serve(Loop.ECHO, new ScriptedConnection().thenSend(wire.toByteArray()));

    List<String> firstAnswers =
        responses.stream()
            .filter(r -> r.status() != 100)
            .limit(before.size())
            .map(RawResponse::bodyText)
            .toList();
    assertThat(firstAnswers)
        .containsExactlyElementsOf(before.stream().map(Exchange::echo).toList());
  }

  @Provide
  Arbitrary<List<Exchange>> exchanges() {
    return exchange().list().ofMaxSize(4);
  }

  @Provide
  Arbitrary<byte[]> brokenRequest() {
    return ByteMutations.of(
        exchange().map(Exchange::wire),
        new byte[] {'\r', '\n', ' ', '\t', ':', ',', '0', '5', 'f', ';', 0, (byte) 0x80},
        List.of(
            "\r\n",
            "Content-Length: 4\r\n",
            "Transfer-Encoding: chunked\r\n",
            ", chunked",
            "0\r\n\r\n",
            "\r\n\r\n",
            "Host: b\r\n",
            " HTTP/1.1",
            "\n"),
        3);
  }

  private static Arbitrary<Exchange> exchange() {
    Arbitrary<String> path =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .ofMinLength(1)
            .ofMaxLength(8)
            .map(p -> "/" + p);
    Arbitrary<String> body = Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(40);
    Arbitrary<Exchange> get =
        path.map(
            p ->
                new Exchange(
                    wire("GET " + p + " HTTP/1.1\r\nHost: a\r\n\r\n"), "GET " + p + " body="));
    Arbitrary<Exchange> fixed =
        Combinators.combine(path, body)
            .as(
                (p, b) ->
                    new Exchange(
                        wire(
                            "POST "
                                + p
                                + " HTTP/1.1\r\nHost: a\r\nContent-Length: "
                                + b.length()
                                + "\r\n\r\n"
                                + b),
                        "POST " + p + " body=" + b));
    Arbitrary<Exchange> chunked =
        Combinators.combine(path, body, Arbitraries.integers().between(1, 7))
            .as(
                (p, b, step) ->
                    new Exchange(
                        wire(
                            "PUT "
                                + p
                                + " HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + chunks(b, step)),
                        "PUT " + p + " body=" + b));
    Arbitrary<Exchange> options =
        Arbitraries.just(
            new Exchange(wire("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n"), "OPTIONS / body="));
    return Arbitraries.oneOf(get, fixed, chunked, options);
  }

  private static String chunks(String body, int step) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < body.length(); i += step) {
      String chunk = body.substring(i, Math.min(body.length(), i + step));
      out.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
    }
    return out.append("0\r\n\r\n").toString();
  }

  private static byte[] concat(List<Exchange> exchanges) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    exchanges.forEach(e -> out.writeBytes(e.wire()));
    return out.toByteArray();
  }

  private static byte[] wire(String text) {
    return FuzzTargets.wire(text);
  }
}
