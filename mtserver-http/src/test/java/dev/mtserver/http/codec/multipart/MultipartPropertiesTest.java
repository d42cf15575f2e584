package dev.mtserver.http.codec.multipart;

import static dev.mtserver.http.testing.FuzzTargets.wire;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.http.codec.HttpProtocolException;
import dev.mtserver.http.testing.Allocations;
import dev.mtserver.http.testing.ByteMutations;
import dev.mtserver.http.testing.EndlessInput;
import dev.mtserver.http.testing.FuzzTargets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The multipart reader beyond {@link MultipartReaderFuzzTest}'s structured noise: valid bodies
 * whose contents are full of near-delimiters come back byte for byte; mutated valid bodies give
 * parts or a 400/413; endless part headers are refused within their limit; memory stays flat
 * however long a part or a preamble; and any {@code Content-Type} gives a boundary or a 400.
 */
class MultipartPropertiesTest {

  private static final List<String> BOUNDARIES =
      List.of(
          "bNd",
          "a",
          "----WebKitFormBoundary7MA4YWxkTrZu0gW",
          "x y",
          "'()+_,-./:=?",
          "-".repeat(70));

  /** One part as sent and as read back. */
  record Part(String name, Optional<String> fileName, byte[] content) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Part p
          && p.name.equals(name)
          && p.fileName.equals(fileName)
          && java.util.Arrays.equals(p.content, content);
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }

    @Override
    public String toString() {
      return name
          + fileName.map(f -> "[" + f + "]").orElse("")
          + "="
          + FuzzTargets.escape(new String(content, ISO_8859_1));
    }
  }

  /** A valid body with its boundary and the parts it holds. */
  record Body(String boundary, byte[] wire, List<Part> parts) {
    @Override
    public String toString() {
      return "boundary=" + boundary + " " + FuzzTargets.escape(new String(wire, ISO_8859_1));
    }
  }

  @Property(tries = 1000)
  void valid_bodies_give_back_every_part_byte_for_byte(
      @ForAll("bodies") Body body, @ForAll long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    MultipartReader reader =
        new MultipartReader(
            new MultipartReaderTest.Trickle(
                new ByteArrayInputStream(body.wire()), random, 1 + random.nextInt(64)),
            body.boundary(),
            MultipartLimits.defaults());
    List<Part> read = new ArrayList<>();
    MultipartPart part;
    while ((part = reader.nextPart()) != null) {
      read.add(new Part(part.name(), part.fileName(), part.body().readAllBytes()));
    }

    assertThat(read).containsExactlyElementsOf(body.parts());
  }

  @Property(tries = 2000)
  void mutated_bodies_give_parts_or_a_400_or_413(@ForAll("mutated") byte[] bytes, @ForAll long seed)
      throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    FuzzTargets.multipart(
        new MultipartReaderTest.Trickle(
            new ByteArrayInputStream(bytes), random, 1 + random.nextInt(64)),
        "bNd",
        new MultipartLimits(8, 512));
  }

  @Property(tries = 100)
  void endless_part_headers_are_refused_within_their_limit_and_one_buffer(
      @ForAll("headerUnits") String unit) throws IOException {
    MultipartLimits limits = new MultipartLimits(8, 1024);
    byte[] prefix = wire("--bNd\r\n");
    EndlessInput endless = new EndlessInput(prefix, wire(unit), 16 << 20);

    String outcome = FuzzTargets.multipart(endless, "bNd", limits);

    assertThat(outcome).isEqualTo("413 Part headers too large");
    assertThat(endless.served())
        .isLessThanOrEqualTo(
            prefix.length + limits.maxPartHeaderBytes() + MultipartReader.BUFFER_BYTES);
  }

  /** A part's content streams through one buffer: 64 MiB allocate no more than 4 MiB do. */
  @Example
  void a_long_part_allocates_nothing_per_byte() throws Exception {
    long small = allocationsToRead(4L << 20);
    long large = allocationsToRead(64L << 20);

    assertThat(large).isLessThan(small + 16 * 1024);
  }

  /**
   * A preamble is discarded as it streams through the one buffer: a 32 MiB preamble allocates no
   * more than a 2 MiB one, and the body is then refused as ending before any part. (How long a
   * preamble may be is the upload size limit's business.)
   */
  @Example
  void a_long_preamble_allocates_nothing_per_byte() throws Exception {
    long small = allocationsToSkipPreamble(2 << 20);
    long large = allocationsToSkipPreamble(32 << 20);

    assertThat(large).isLessThan(small + 16 * 1024);
  }

  private static long allocationsToSkipPreamble(long length) throws Exception {
    byte[] unit = wire("preamble text that never turns into a delimiter\r\n-- bNd\r\n");
    String[] outcome = new String[1];
    long allocated =
        Allocations.of(
            () ->
                outcome[0] =
                    FuzzTargets.multipart(
                        new EndlessInput(new byte[0], unit, length),
                        "bNd",
                        MultipartLimits.defaults()));
    assertThat(outcome[0]).isEqualTo("400 Multipart body ends before its close delimiter");
    return allocated;
  }

  @Property(tries = 2000)
  void any_content_type_gives_a_boundary_or_400(@ForAll("contentTypes") String contentType) {
    try {
      String boundary = MultipartBoundary.of(contentType);
      assertThat(boundary).hasSizeBetween(1, 70).doesNotEndWith(" ");
    } catch (HttpProtocolException e) {
      assertThat(e.status()).isEqualTo(400);
    }
  }

  private static long allocationsToRead(long contentBytes) throws Exception {
    byte[] block = new byte[16 * 1024];
    new SplittableRandom(3).nextBytes(block);
    for (int i = 0; i < block.length; i++) {
      if (block[i] == '\r') {
        block[i] = 'r'; // no line breaks at all, so certainly no delimiter
      }
    }
    byte[] head =
        wire("--bNd\r\nContent-Disposition: form-data; name=\"f\"; filename=\"big.bin\"\r\n\r\n");
    byte[] buffer = new byte[8192];
    return Allocations.of(
        () -> {
          MultipartReader reader =
              new MultipartReader(
                  new EndlessInput(head, block, Long.MAX_VALUE), "bNd", MultipartLimits.defaults());
          InputStream content = reader.nextPart().body();
          long read = 0;
          while (read < contentBytes) {
            read += content.read(buffer, 0, buffer.length);
          }
        });
  }

  // ---------------------------------------------------------------- generators

  @Provide
  Arbitrary<Body> bodies() {
    return bodiesWith(Arbitraries.of(BOUNDARIES));
  }

  private static Arbitrary<Body> bodiesWith(Arbitrary<String> boundaries) {
    Arbitrary<String> names = Arbitraries.of("a", "field", "f", "caf\u00e9", "x y");
    Arbitrary<Optional<String>> fileNames =
        Arbitraries.of("x.txt", "r\u00e9sum\u00e9.pdf", "", "a b.bin").optional(0.6);
    Arbitrary<List<String>> contentPieces =
        Arbitraries.oneOf(
                Arbitraries.of(
                    "\r\n",
                    "\r",
                    "\n",
                    "--",
                    "-",
                    " ",
                    "\t",
                    "B",
                    "BB",
                    "\r\n--",
                    "--B",
                    "\r\n--B",
                    "\r\n--B-",
                    "\r\n--Bx",
                    "\r\n--B \tx",
                    "\r\n--B\r",
                    "\r\n-B",
                    "\u0000",
                    "\u00ff"),
                Arbitraries.strings().ofMaxLength(30))
            .list()
            .ofMaxSize(20);
    Arbitrary<Part> part =
        Combinators.combine(names, fileNames, contentPieces)
            .as((name, file, pieces) -> new Part(name, file, wire(String.join("", pieces))));
    return Combinators.combine(
            boundaries, part.list().ofMinSize(1).ofMaxSize(6), Arbitraries.longs())
        .as(MultipartPropertiesTest::encode)
        .filter(body -> body != null);
  }

  @Provide
  Arbitrary<byte[]> mutated() {
    return ByteMutations.of(
        bodiesWith(Arbitraries.just("bNd")).map(Body::wire),
        new byte[] {'\r', '\n', '-', ':', ';', '"', '\\', '=', ' ', '\t', 0, (byte) 0xff},
        List.of(
            "\r\n",
            "--bNd",
            "\r\n--bNd\r\n",
            "\r\n--bNd--",
            "--",
            "Content-Disposition: form-data; name=\"z\"",
            "; filename=\"q\"",
            "filename*=UTF-8''%FF",
            "\r\n\r\n",
            "Content-Type: text/plain\r\n"),
        5);
  }

  @Provide
  Arbitrary<String> headerUnits() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(0, 200).map(n -> "X-Header: " + "v".repeat(n) + "\r\n"),
        Arbitraries.of("a", "Content-Disposition: form-data; name=\"", "x;", "X: y\r\n\t"));
  }

  @Provide
  Arbitrary<String> contentTypes() {
    Arbitrary<String> piece =
        Arbitraries.of(
            "multipart/form-data",
            "multipart/mixed",
            "text/plain",
            ";",
            " ",
            "\t",
            "boundary=",
            "boundary=bNd",
            "BOUNDARY=x",
            "\"",
            "\\",
            "charset=utf-8",
            "=",
            ",",
            "/",
            "a",
            "-".repeat(71),
            "\u00e9",
            "\u0000",
            "()",
            "boundary=\"a b\"",
            "boundary=\"a \"");
    return Arbitraries.oneOf(piece, piece, Arbitraries.strings().ofMaxLength(10))
        .list()
        .ofMaxSize(10)
        .map(parts -> String.join("", parts));
  }

  /**
   * Encodes {@code parts} with a preamble, padding after the boundaries and an epilogue chosen by
   * {@code seed}; "B" in contents stands for the boundary. Returns null if a content happens to
   * hold a real delimiter (the generator then tries again).
   */
  static Body encode(String boundary, List<Part> template, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Part> parts = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (random.nextBoolean()) {
      out.writeBytes(wire("This is the preamble.\r\n- " + boundary + "\r\n"));
    }
    for (Part t : template) {
      byte[] content =
          new String(t.content(), ISO_8859_1).replace("B", boundary).getBytes(ISO_8859_1);
      if (hidesADelimiter(content, boundary)) {
        return null;
      }
      parts.add(new Part(t.name(), t.fileName(), content));
      out.writeBytes(
          wire((out.size() == 0 ? "" : "\r\n") + "--" + boundary + padding(random) + "\r\n"));
      String disposition =
          "Content-Disposition: form-data; name=\""
              + t.name()
              + "\""
              + t.fileName().map(f -> "; filename=\"" + f + "\"").orElse("");
      out.writeBytes(disposition.getBytes(UTF_8));
      out.writeBytes(
          wire(
              "\r\n"
                  + (random.nextBoolean() ? "Content-Type: application/octet-stream\r\n" : "")
                  + "\r\n"));
      out.writeBytes(content);
    }
    out.writeBytes(
        wire(
            "\r\n--"
                + boundary
                + "--"
                + (random.nextBoolean() ? "\r\nepilogue\r\n--" + boundary + "\r\n" : "")));
    return new Body(boundary, out.toByteArray(), parts);
  }

  private static String padding(SplittableRandom random) {
    return switch (random.nextInt(4)) {
      case 0 -> " ";
      case 1 -> " \t ";
      default -> "";
    };
  }

  /**
   * True if {@code content}, followed by its real close delimiter, holds an earlier delimiter: CRLF
   * "--" boundary, then "--" or optional spaces and tabs and CRLF.
   */
  static boolean hidesADelimiter(byte[] content, String boundary) {
    String s = new String(content, ISO_8859_1) + "\r\n--" + boundary + "--";
    String delimiter = "\r\n--" + boundary;
    for (int i = s.indexOf(delimiter);
        i >= 0 && i < content.length;
        i = s.indexOf(delimiter, i + 1)) {
      int after = i + delimiter.length();
      if (s.startsWith("--", after)) {
        return true;
      }
      int j = after;
      while (j < s.length() && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) {
        j++;
      }
      if (s.startsWith("\r\n", j) || j == s.length()) {
        return true;
      }
    }
    return false;
  }
}
