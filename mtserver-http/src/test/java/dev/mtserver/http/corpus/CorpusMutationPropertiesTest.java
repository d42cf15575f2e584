package dev.mtserver.http.corpus;

import dev.mtserver.http.testing.ByteMutations;
import dev.mtserver.http.testing.FuzzTargets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The corpus as seeds: every build mutates its interesting inputs afresh (jqwik picks a new seed
 * each run and remembers failing ones in {@code target/.jqwik-database}), so the fuzzing starts
 * from the inputs that already reach deep, not only from textbook requests. Whatever the mutation,
 * each target answers only as its contract allows (see {@link FuzzTargets}).
 */
class CorpusMutationPropertiesTest {

  private static final byte[] INTERESTING = {
    '\r',
    '\n',
    ' ',
    '\t',
    ':',
    ';',
    ',',
    '=',
    '"',
    '\\',
    '-',
    '%',
    '/',
    '.',
    '0',
    '5',
    'f',
    0,
    0x7f,
    (byte) 0x80,
    (byte) 0xff
  };
  private static final List<String> TOKENS =
      List.of(
          "\r\n",
          "\r\n\r\n",
          "Transfer-Encoding: chunked\r\n",
          "Content-Length: 3\r\n",
          ", chunked",
          "0\r\n\r\n",
          "--bNd",
          "\r\n--bNd--",
          "%2e%2e/",
          "%00",
          "HTTP/1.1",
          "Host: a\r\n",
          "Expect: 100-continue\r\n");

  @Property(tries = 1500)
  void mutated_corpus_requests_get_only_well_formed_answers(@ForAll("requests") byte[] bytes)
      throws IOException {
    FuzzTargets.requests(bytes);
    FuzzTargets.connection(bytes);
  }

  @Property(tries = 1000)
  void mutated_corpus_chunked_bodies_give_a_body_or_a_refusal(@ForAll("chunked") byte[] bytes)
      throws IOException {
    FuzzTargets.chunkedBody(bytes);
  }

  @Property(tries = 1000)
  void mutated_corpus_multipart_bodies_give_parts_or_a_refusal(@ForAll("multipart") byte[] bytes)
      throws IOException {
    FuzzTargets.multipart(bytes, CorpusReplayTest.BOUNDARY);
  }

  @Provide
  Arbitrary<byte[]> requests() {
    return mutated("requests");
  }

  @Provide
  Arbitrary<byte[]> chunked() {
    return mutated("chunked");
  }

  @Provide
  Arbitrary<byte[]> multipart() {
    return mutated("multipart");
  }

  private static Arbitrary<byte[]> mutated(String corpus) {
    return ByteMutations.of(Arbitraries.of(seeds(corpus)), INTERESTING, TOKENS, 4);
  }

  /**
   * The corpus entries small enough to mutate quickly (the limit-probing giants are replayed only).
   */
  private static List<byte[]> seeds(String corpus) {
    try (Stream<Path> files = Files.list(CorpusReplayTest.corpusDirectory().resolve(corpus))) {
      return files
          .filter(f -> !f.getFileName().toString().equals("expected.tsv"))
          .filter(f -> f.toFile().length() <= 4096)
          .sorted()
          .map(CorpusMutationPropertiesTest::read)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
