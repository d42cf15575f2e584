package dev.mtserver.http.codec;

import static dev.mtserver.http.testing.FuzzTargets.wire;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.http.testing.Allocations;
import dev.mtserver.http.testing.ByteMutations;
import dev.mtserver.http.testing.EndlessInput;
import dev.mtserver.http.testing.FuzzTargets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The chunked decoder (RFC 9112 §7.1) under arbitrary, structured and mutated input: it yields the
 * body and stops exactly at its end, or refuses with 400/431, or reports the body incomplete —
 * never another exception; and it never reads or keeps more than its limits allow.
 */
class ChunkedBodyPropertiesTest {

  private static final List<String> PIECES =
      List.of(
          "0",
          "1",
          "5",
          "a",
          "F",
          "f",
          "00",
          "10",
          "7fffffffffffffff",
          "ffffffffffffffff",
          "\r\n",
          "\r\n",
          "\r",
          "\n",
          ";",
          ";",
          "=",
          "\"",
          "\\",
          " ",
          "\t",
          "x",
          "hello",
          "X-T: v",
          ":",
          "0\r\n\r\n",
          "5\r\nhello\r\n",
          "\u0000",
          "\u00ff",
          "0x",
          "-",
          "+",
          "_");

  /** A valid encoding of {@code data}, followed by {@code rest} (the next request's bytes). */
  record Encoding(byte[] wire, byte[] data, int rest) {
    @Override
    public String toString() {
      return FuzzTargets.escape(new String(wire, StandardCharsets.ISO_8859_1));
    }
  }

  // ---------------------------------------------------------------- outcomes

  @Property(tries = 1000)
  void arbitrary_bytes_give_a_body_or_a_refusal(@ForAll @Size(max = 2000) byte[] bytes)
      throws IOException {
    FuzzTargets.chunkedBody(bytes);
  }

  @Property(tries = 2000)
  void bytes_built_from_chunk_pieces_give_a_body_or_a_refusal(@ForAll("pieces") byte[] bytes)
      throws IOException {
    FuzzTargets.chunkedBody(bytes);
  }

  @Property(tries = 1000)
  void valid_encodings_decode_to_their_data_and_stop_at_their_end(
      @ForAll("encodings") Encoding encoding, @ForAll long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    HttpInput input = new HttpInput(trickle(encoding.wire(), random), 64 + random.nextInt(4096));
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    try (ChunkedBodyStream body = new ChunkedBodyStream(input, HttpLimits.defaults())) {
      body.transferTo(data);
      assertThat(body.isComplete()).isTrue();
    }
    int rest = 0;
    while (input.read() >= 0) {
      rest++;
    }

    assertThat(data.toByteArray()).isEqualTo(encoding.data());
    assertThat(rest).as("bytes left for the next request").isEqualTo(encoding.rest());
  }

  @Property(tries = 2000)
  void mutated_encodings_give_a_body_or_a_refusal(@ForAll("mutated") byte[] bytes)
      throws IOException {
    FuzzTargets.chunkedBody(bytes);
  }

  // ---------------------------------------------------------------- bounds

  /**
   * An endless chunk line (size digits, extension, quoted value...) is refused at the line limit.
   */
  @Property(tries = 200)
  void an_endless_chunk_line_is_refused_within_the_line_limit(
      @ForAll("linePrefixes") String prefix, @ForAll("lineUnits") String unit) throws IOException {
    HttpLimits limits = new HttpLimits(256, 256, 1024, 10, 64, 256, 0);
    EndlessInput endless = new EndlessInput(wire(prefix), wire(unit), 1 << 20);

    String outcome = decode(new HttpInput(endless, 64), limits);

    assertThat(outcome).startsWith("400");
    assertThat(endless.served())
        .isLessThanOrEqualTo(prefix.length() + limits.maxChunkLineBytes() + 64L);
  }

  /** Endless trailer fields are refused once the trailer section passes its limit. */
  @Property(tries = 200)
  void endless_trailers_are_refused_within_the_trailer_limit(
      @ForAll @IntRange(min = 1, max = 300) int valueLength) throws IOException {
    HttpLimits limits = new HttpLimits(256, 256, 1024, 10, 64, 256, 0);
    byte[] field = wire("X-Trailer: " + "v".repeat(valueLength) + "\r\n");
    EndlessInput endless = new EndlessInput(wire("0\r\n"), field, 1 << 20);

    String outcome = decode(new HttpInput(endless, 64), limits);

    assertThat(outcome).isEqualTo("431 Trailer section too large");
    assertThat(endless.served()).isLessThanOrEqualTo(3 + limits.maxTrailerBytes() + 2 + 64L);
  }

  /**
   * Each chunk may carry 32 bytes of framing for free; past that, a body that is mostly framing
   * (tiny chunks with long extensions) is refused once the excess passes 4 × the chunk line limit —
   * whatever the mix of chunk sizes and extension lengths.
   */
  @Property(tries = 200)
  void a_body_that_is_mostly_framing_is_refused_once_the_excess_passes_the_allowance(
      @ForAll @IntRange(min = 1, max = 16) int size,
      @ForAll @IntRange(min = 0, max = 60) int extensionLength)
      throws IOException {
    HttpLimits limits = new HttpLimits(256, 256, 1024, 10, 64, 256, 0);
    String line =
        Integer.toHexString(size) + (extensionLength == 0 ? "" : ";" + "e".repeat(extensionLength));
    byte[] chunk = wire(line + "\r\n" + "d".repeat(size) + "\r\n");
    long excessPerChunk = line.length() + 4L - 32 - size;
    EndlessInput endless = new EndlessInput(new byte[0], chunk, 1L << 20);

    String outcome = decode(new HttpInput(endless, 64), limits);

    if (excessPerChunk <= 0) {
      assertThat(endless.exhausted()).as("lean framing is never refused").isTrue();
      assertThat(outcome).isEqualTo("incomplete");
    } else {
      long chunksAllowed = limits.maxChunkMetadataBytes() / excessPerChunk + 1;
      assertThat(outcome).isEqualTo("400 Too much chunk metadata");
      assertThat(endless.served()).isLessThanOrEqualTo((chunksAllowed + 1) * chunk.length + 64);
    }
  }

  /**
   * Memory stays flat however long the body: decoding 64 MiB allocates no more than decoding 4 MiB,
   * give or take a few KiB (it holds one chunk's remaining length, never a chunk).
   */
  @Example
  void decoding_a_long_body_allocates_nothing_per_byte() throws Exception {
    long small = allocationsToDecode(4L << 20);
    long large = allocationsToDecode(64L << 20);

    assertThat(large).isLessThan(small + 16 * 1024);
  }

  private static long allocationsToDecode(long bodyBytes) throws Exception {
    byte[] data = new byte[30_000];
    new SplittableRandom(7).nextBytes(data);
    ByteArrayOutputStream unit = new ByteArrayOutputStream();
    unit.writeBytes(wire(Integer.toHexString(data.length) + ";ext=1\r\n"));
    unit.writeBytes(data);
    unit.writeBytes(wire("\r\n"));
    HttpInput input =
        new HttpInput(new EndlessInput(new byte[0], unit.toByteArray(), Long.MAX_VALUE), 16 * 1024);
    byte[] buffer = new byte[8192];
    return Allocations.of(
        () -> {
          ChunkedBodyStream body = new ChunkedBodyStream(input, HttpLimits.defaults());
          long read = 0;
          while (read < bodyBytes) {
            read += body.read(buffer, 0, buffer.length);
          }
        });
  }

  // ---------------------------------------------------------------- generators

  @Provide
  Arbitrary<byte[]> pieces() {
    Arbitrary<String> piece = Arbitraries.of(PIECES);
    return Arbitraries.oneOf(piece, piece, piece, Arbitraries.strings().ofMaxLength(8))
        .list()
        .ofMaxSize(40)
        .map(parts -> wire(String.join("", parts)));
  }

  @Provide
  Arbitrary<Encoding> encodings() {
    Arbitrary<byte[]> chunk = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(300);
    return Combinators.combine(
            chunk.list().ofMaxSize(8), Arbitraries.longs(), Arbitraries.integers().between(0, 40))
        .as(ChunkedBodyPropertiesTest::encode);
  }

  @Provide
  Arbitrary<byte[]> mutated() {
    return ByteMutations.of(
        encodings().map(Encoding::wire),
        new byte[] {'\r', '\n', ';', '=', '"', '\\', ' ', '\t', '0', 'f', ':', 0, (byte) 0xff},
        List.of(
            "\r\n", "0\r\n\r\n", ";a=b", "\"", "0x", "ffffffffffffffff", "X: y\r\n", "\n", "\r"),
        4);
  }

  @Provide
  Arbitrary<String> linePrefixes() {
    return Arbitraries.of("", "5", "5;", "5;a", "5;a=", "5;a=\"", "5;a=\"\\", "5 ", "5;a ");
  }

  @Provide
  Arbitrary<String> lineUnits() {
    return Arbitraries.of(
        "0", "a", "F", "x", " ", "\t", ";", "=", "\"", "a=", ";a", "\\\"", "!", "\u00ff");
  }

  /**
   * Encodes {@code chunks} with formatting chosen by {@code seed}: sizes in either case with
   * leading zeros, extensions with and without values and whitespace, trailer fields.
   */
  static Encoding encode(List<byte[]> chunks, long seed, int restLength) {
    SplittableRandom random = new SplittableRandom(seed);
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (byte[] chunk : chunks) {
      wire.writeBytes(wire(sizeLine(chunk.length, random) + "\r\n"));
      wire.writeBytes(chunk);
      wire.writeBytes(wire("\r\n"));
      data.writeBytes(chunk);
    }
    wire.writeBytes(wire(sizeLine(0, random) + "\r\n"));
    int trailers = random.nextInt(3);
    for (int i = 0; i < trailers; i++) {
      wire.writeBytes(wire("X-Trailer-" + i + ": " + "v".repeat(random.nextInt(20)) + "\r\n"));
    }
    wire.writeBytes(wire("\r\n"));
    byte[] rest = new byte[restLength];
    random.nextBytes(rest);
    wire.writeBytes(rest);
    return new Encoding(wire.toByteArray(), data.toByteArray(), restLength);
  }

  private static String sizeLine(int size, SplittableRandom random) {
    String hex = "0".repeat(random.nextInt(3)) + Integer.toHexString(size);
    if (random.nextBoolean()) {
      hex = hex.toUpperCase(Locale.ROOT);
    }
    return hex
        + switch (random.nextInt(6)) {
          case 0 -> ";name";
          case 1 -> ";name=value";
          case 2 -> ";q=\"a \\\" b; c\"";
          case 3 -> " ; a = 1 ;b";
          default -> "";
        };
  }

  /** Decodes to the end and sums up the outcome: the body length, "incomplete" or a refusal. */
  private static String decode(HttpInput input, HttpLimits limits) throws IOException {
    try (ChunkedBodyStream body = new ChunkedBodyStream(input, limits)) {
      return "body=" + body.transferTo(OutputStream.nullOutputStream());
    } catch (MalformedBodyException e) {
      return e.status() + " " + e.safeReason();
    } catch (IncompleteBodyException e) {
      return "incomplete";
    }
  }

  /** Hands out the bytes a few at a time, as TCP segments would. */
  private static InputStream trickle(byte[] bytes, SplittableRandom random) {
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1 + random.nextInt(17)));
      }
    };
  }
}
