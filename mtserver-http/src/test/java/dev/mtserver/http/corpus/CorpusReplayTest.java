package dev.mtserver.http.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.mtserver.http.testing.FuzzTargets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the corpus of interesting inputs in {@code src/test/resources/corpus/} through the four
 * fuzz targets on every build, and checks that each still has the outcome recorded for it.
 *
 * <p>Each directory ({@code requests}, {@code chunked}, {@code multipart}) holds one input per
 * file, byte for byte (no line-ending conversion: see the {@code .gitattributes} there), and an
 * {@code expected.tsv} with a line {@code file TAB outcome} per file; {@code targets.tsv} holds
 * {@code method TAB target TAB outcome} lines. Outcomes are {@link FuzzTargets}' one-line
 * summaries; a request stream's is what the codec made of it, then {@code =>} and the statuses the
 * whole keep-alive loop answered it with. The inputs are the classic attacks (request smuggling by
 * CL.TE, TE.CL and TE.TE, path traversal, overlong UTF-8, limits at and past their edge), plus the
 * smallest input the property tests' fuzzing found for each distinct outcome.
 *
 * <p>To add an input, drop its file in (or a line into {@code targets.tsv}) and run {@code mvn -B
 * -pl mtserver-http -am test -Dtest=CorpusReplayTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmtserver.corpus.record=true}: {@code record_the_outcomes} writes every outcome into the files
 * under {@code src/test/resources/corpus}. Review the diff: each line is a claim about the server's
 * behaviour.
 */
class CorpusReplayTest {

  /** Every multipart corpus entry uses this boundary. */
  static final String BOUNDARY = "bNd";

  private static final boolean RECORDING = Boolean.getBoolean("mtserver.corpus.record");
  private static final List<String> BYTE_CORPORA = List.of("requests", "chunked", "multipart");

  static Stream<Arguments> inputs() throws IOException {
    List<Arguments> all = new ArrayList<>();
    for (String corpus : BYTE_CORPORA) {
      Map<String, String> expected =
          readExpected(corpusDirectory().resolve(corpus).resolve("expected.tsv"));
      for (Path file : inputFiles(corpus)) {
        String name = file.getFileName().toString();
        all.add(Arguments.of(corpus + "/" + name, expected.get(name)));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void each_input_still_has_its_recorded_outcome(String entry, String expected) throws IOException {
    assumeFalse(RECORDING, "recording the outcomes instead");
    assertThat(expected)
        .as("no outcome recorded for %s: run with -Dmtserver.corpus.record=true", entry)
        .isNotNull();

    assertThat(outcome(entry)).isEqualTo(expected);
  }

  static Stream<Arguments> targets() throws IOException {
    return Files.readAllLines(corpusDirectory().resolve("targets.tsv"), StandardCharsets.UTF_8)
        .stream()
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split("\t", -1))
        .map(fields -> Arguments.of(fields[0], fields[1], fields.length > 2 ? fields[2] : null));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("targets")
  void each_target_still_decodes_as_recorded(String method, String target, String expected) {
    assumeFalse(RECORDING, "recording the outcomes instead");
    assertThat(expected)
        .as("no outcome recorded: run with -Dmtserver.corpus.record=true")
        .isNotNull();

    assertThat(FuzzTargets.target(method, target)).isEqualTo(expected);
  }

  /** Rewrites the recorded outcomes from the current code: see the class comment. */
  @Test
  @EnabledIfSystemProperty(named = "mtserver.corpus.record", matches = "true")
  void record_the_outcomes() throws IOException {
    Path sources = Path.of("src", "test", "resources", "corpus");
    for (String corpus : BYTE_CORPORA) {
      StringBuilder tsv = new StringBuilder();
      for (Path file : inputFiles(corpus)) {
        String name = file.getFileName().toString();
        tsv.append(name).append('\t').append(outcome(corpus + "/" + name)).append('\n');
      }
      Files.writeString(
          sources.resolve(corpus).resolve("expected.tsv"), tsv, StandardCharsets.UTF_8);
    }
    StringBuilder targets = new StringBuilder();
    for (String line : Files.readAllLines(sources.resolve("targets.tsv"), StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        targets.append(line).append('\n');
        continue;
      }
      String[] fields = line.split("\t", -1);
      targets
          .append(fields[0])
          .append('\t')
          .append(fields[1])
          .append('\t')
          .append(FuzzTargets.target(fields[0], fields[1]))
          .append('\n');
    }
    Files.writeString(sources.resolve("targets.tsv"), targets, StandardCharsets.UTF_8);
  }

  private static String outcome(String entry) throws IOException {
    byte[] bytes = Files.readAllBytes(corpusDirectory().resolve(entry));
    String corpus = entry.substring(0, entry.indexOf('/'));
    return switch (corpus) {
      case "requests" -> FuzzTargets.requests(bytes) + " => " + FuzzTargets.connection(bytes);
      case "chunked" -> FuzzTargets.chunkedBody(bytes);
      case "multipart" -> FuzzTargets.multipart(bytes, BOUNDARY);
      default -> throw new IllegalArgumentException(entry);
    };
  }

  private static List<Path> inputFiles(String corpus) throws IOException {
    try (Stream<Path> files = Files.list(corpusDirectory().resolve(corpus))) {
      return files
          .filter(f -> !f.getFileName().toString().equals("expected.tsv"))
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    }
  }

  private static Map<String, String> readExpected(Path tsv) throws IOException {
    Map<String, String> expected = new LinkedHashMap<>();
    if (Files.exists(tsv)) {
      for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
        int tab = line.indexOf('\t');
        if (tab > 0) {
          expected.put(line.substring(0, tab), line.substring(tab + 1));
        }
      }
    }
    return expected;
  }

  static Path corpusDirectory() {
    try {
      return Path.of(CorpusReplayTest.class.getResource("/corpus").toURI());
    } catch (URISyntaxException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
