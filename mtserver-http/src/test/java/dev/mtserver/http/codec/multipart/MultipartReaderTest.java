package dev.mtserver.http.codec.multipart;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mtserver.http.codec.MalformedBodyException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MultipartReaderTest {

  private static final String B = "XyZ123";

  /** One part as seen by a test: "name", "name;file=<filename>" and the content as ISO-8859-1. */
  record Seen(String field, String content) {}

  static Stream<Arguments> valid_bodies() {
    return Stream.of(
        Arguments.of(
            "one field",
            "--XyZ123\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nhello\r\n--XyZ123--\r\n",
            List.of(new Seen("a", "hello"))),
        Arguments.of(
            "two fields, same name, order kept",
            "--XyZ123\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\n1\r\n"
                + "--XyZ123\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\n2\r\n--XyZ123--",
            List.of(new Seen("t", "1"), new Seen("t", "2"))),
        Arguments.of(
            "preamble and epilogue ignored",
            "This is a preamble.\r\n"
                + "It has lines.\r\n"
                + "--XyZ123\r\n"
                + "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
                + "x\r\n"
                + "--XyZ123--\r\n"
                + "This is the epilogue.\r\n"
                + "--XyZ123\r\n"
                + "not a part",
            List.of(new Seen("a", "x"))),
        Arguments.of(
            "a preamble that contains the boundary without a line break",
            "junk--XyZ123\r\n\r\n"
                + "--XyZ123\r\n"
                + "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
                + "x\r\n"
                + "--XyZ123--",
            List.of(new Seen("a", "x"))),
        Arguments.of(
            "transport padding after boundaries",
            "--XyZ123 \t \r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--XyZ123--",
            List.of(new Seen("a", "x"))),
        Arguments.of(
            "empty content",
            "--XyZ123\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\r\n--XyZ123--",
            List.of(new Seen("a", ""))),
        Arguments.of(
            "content made of line breaks",
            "--XyZ123\r\n"
                + "Content-Disposition: form-data; name=\"a\"\r\n\r\n\r\n\r\n\r\r\n\n\r\n"
                + "--XyZ123--",
            List.of(new Seen("a", "\r\n\r\n\r\r\n\n"))),
        Arguments.of(
            "boundary prefix inside content",
            "--XyZ123\r\n"
                + "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
                + "1\r\n"
                + "--XyZ12\r\n"
                + "2\r\n"
                + "--XyZ123--",
            List.of(new Seen("a", "1\r\n--XyZ12\r\n2"))),
        Arguments.of(
            "boundary not at the start of a line",
            "--XyZ123\r\n"
                + "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
                + "x--XyZ123\r\n\n"
                + "--XyZ123\r\n"
                + "--XyZ123--",
            List.of(new Seen("a", "x--XyZ123\r\n\n--XyZ123"))),
        Arguments.of(
            "a longer boundary inside content",
            "--XyZ123\r\n"
                + "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
                + "x\r\n"
                + "--XyZ1234\r\n"
                + "y\r\n"
                + "--XyZ123--",
            List.of(new Seen("a", "x\r\n--XyZ1234\r\ny"))),
        Arguments.of(
            "boundary followed by padding and text is content",
            "--XyZ123\r\n"
                + "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
                + "x\r\n"
                + "--XyZ123 y\r\n"
                + "--XyZ123--",
            List.of(new Seen("a", "x\r\n--XyZ123 y"))),
        Arguments.of(
            "boundary followed by one dash is content",
            "--XyZ123\r\n"
                + "Content-Disposition: form-data; name=\"a\"\r\n\r\n"
                + "x\r\n"
                + "--XyZ123-\r\n"
                + "--XyZ123--",
            List.of(new Seen("a", "x\r\n--XyZ123-"))),
        Arguments.of(
            "binary content with every byte value",
            "--XyZ123\r\nContent-Disposition: form-data; name=\"f\"; filename=\"all.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"
                + everyByte()
                + "\r\n--XyZ123--",
            List.of(new Seen("f;file=all.bin", everyByte()))),
        Arguments.of(
            "file name with an escaped quote and a windows path",
            "--XyZ123\r\n"
                + "Content-Disposition: form-data; name=\"f\"; filename=\"C:\\Users\\me\\a"
                + " \\\"b\\\".txt\"\r\n\r\n"
                + "x\r\n"
                + "--XyZ123--",
            List.of(new Seen("f;file=C:\\Users\\me\\a \"b\".txt", "x"))),
        Arguments.of(
            "filename* wins over filename",
            "--XyZ123\r\nContent-Disposition: form-data; name=\"f\"; filename=\"EURO rates.txt\"; "
                + "filename*=UTF-8''%E2%82%AC%20rates.txt\r\n\r\nx\r\n--XyZ123--",
            List.of(new Seen("f;file=\u20ac rates.txt", "x"))),
        Arguments.of(
            "filename* in ISO-8859-1",
            "--XyZ123\r\n"
                + "Content-Disposition: form-data; name=\"f\";"
                + " filename*=iso-8859-1'en'%A3%20rates.txt\r\n\r\n"
                + "x\r\n"
                + "--XyZ123--",
            List.of(new Seen("f;file=\u00a3 rates.txt", "x"))),
        Arguments.of(
            "an undecodable filename* falls back to filename",
            "--XyZ123\r\n"
                + "Content-Disposition: form-data; name=\"f\"; filename*=UTF-8''%FF.txt;"
                + " filename=\"plain.txt\"\r\n\r\n"
                + "x\r\n"
                + "--XyZ123--",
            List.of(new Seen("f;file=plain.txt", "x"))),
        Arguments.of(
            "raw UTF-8 file name",
            "--XyZ123\r\nContent-Disposition: form-data; name=\"f\"; filename=\""
                + utf8AsLatin1("Résumé 日本.pdf")
                + "\"\r\n\r\nx\r\n--XyZ123--",
            List.of(new Seen("f;file=Résumé 日本.pdf", "x"))),
        Arguments.of(
            "empty file name and empty file",
            "--XyZ123\r\nContent-Disposition: form-data; name=\"f\"; filename=\"\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n\r\n--XyZ123--",
            List.of(new Seen("f;file=", ""))),
        Arguments.of(
            "case-insensitive header and parameter names, unquoted values",
            "--XyZ123\r\n"
                + "content-disposition: Form-Data; NAME=a; FileName=b.txt\r\n\r\n"
                + "x\r\n"
                + "--XyZ123--",
            List.of(new Seen("a;file=b.txt", "x"))),
        Arguments.of("only a close delimiter", "--XyZ123--\r\n", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid_bodies")
  void reads_parts_of_valid_bodies(String rule, String body, List<Seen> expected)
      throws IOException {
    assertThat(readAll(new ByteArrayInputStream(body.getBytes(ISO_8859_1)), B, 100))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}, one byte at a time")
  @MethodSource("valid_bodies")
  void reads_the_same_parts_when_bytes_trickle_in(String rule, String body, List<Seen> expected)
      throws IOException {
    InputStream trickle =
        new Trickle(
            new ByteArrayInputStream(body.getBytes(ISO_8859_1)), new SplittableRandom(1), 1);
    assertThat(readAll(trickle, B, 100)).isEqualTo(expected);
  }

  static Stream<Arguments> invalid_bodies() {
    String part = "--XyZ123\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n";
    return Stream.of(
        Arguments.of("no close delimiter", part, 400),
        Arguments.of("close delimiter cut short", part + "--XyZ123-", 400),
        Arguments.of(
            "cut inside content",
            "--XyZ123\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nxyz",
            400),
        Arguments.of("cut inside part headers", "--XyZ123\r\nContent-Disposition: form-da", 400),
        Arguments.of("no delimiter at all", "just some text", 400),
        Arguments.of("empty body", "", 400),
        Arguments.of("part without headers", "--XyZ123\r\n\r\nx\r\n--XyZ123--", 400),
        Arguments.of(
            "part without Content-Disposition",
            "--XyZ123\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ123--",
            400),
        Arguments.of(
            "disposition that is not form-data",
            "--XyZ123\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n--XyZ123--",
            400),
        Arguments.of(
            "part without a name",
            "--XyZ123\r\nContent-Disposition: form-data; filename=\"a.txt\"\r\n\r\nx\r\n--XyZ123--",
            400),
        Arguments.of(
            "bare LF ending a part header",
            "--XyZ123\r\nContent-Disposition: form-data; name=\"a\"\nX: y\r\n\r\nx\r\n--XyZ123--",
            400),
        Arguments.of(
            "bare CR inside a part header",
            "--XyZ123\r\nContent-Disposition: form-data; name=\"a\"\rX: y\r\n\r\nx\r\n--XyZ123--",
            400),
        Arguments.of(
            "folded part header",
            "--XyZ123\r\nContent-Disposition: form-data;\r\n name=\"a\"\r\n\r\nx\r\n--XyZ123--",
            400),
        Arguments.of(
            "space before the colon",
            "--XyZ123\r\nContent-Disposition : form-data; name=\"a\"\r\n\r\nx\r\n--XyZ123--",
            400),
        Arguments.of(
            "NUL in a part header",
            "--XyZ123\r\nContent-Disposition: form-data; name=\"a\u0000\"\r\n\r\nx\r\n--XyZ123--",
            400),
        Arguments.of(
            "part headers over 8 KiB",
            "--XyZ123\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Pad: "
                + "p".repeat(8200)
                + "\r\n\r\nx\r\n--XyZ123--",
            413),
        Arguments.of(
            "part headers over 8 KiB without an end",
            "--XyZ123\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Pad: "
                + "p".repeat(70_000),
            413));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("invalid_bodies")
  void refuses_invalid_bodies_with_a_status(String rule, String body, int status) {
    assertThatThrownBy(() -> readAll(new ByteArrayInputStream(body.getBytes(ISO_8859_1)), B, 100))
        .isInstanceOfSatisfying(
            MalformedBodyException.class, e -> assertThat(e.status()).isEqualTo(status));
  }

  @Test
  void the_part_count_is_bounded() throws IOException {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      body.append("--XyZ123\r\nContent-Disposition: form-data; name=\"p")
          .append(i)
          .append("\"\r\n\r\nx\r\n");
    }
    body.append("--XyZ123--");
    byte[] bytes = body.toString().getBytes(ISO_8859_1);

    assertThat(readAll(new ByteArrayInputStream(bytes), B, 4)).hasSize(4);
    assertThatThrownBy(() -> readAll(new ByteArrayInputStream(bytes), B, 3))
        .isInstanceOfSatisfying(
            MalformedBodyException.class,
            e -> {
              assertThat(e.status()).isEqualTo(413);
              assertThat(e.safeReason()).isEqualTo("Too many parts");
            });
  }

  @Test
  void an_unread_part_is_skipped_by_next_part() throws IOException {
    String body =
        "--XyZ123\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"
            + "a".repeat(200_000)
            + "\r\n--XyZ123\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\nb\r\n--XyZ123--";
    MultipartReader reader =
        new MultipartReader(
            new ByteArrayInputStream(body.getBytes(ISO_8859_1)), B, MultipartLimits.defaults());

    MultipartPart first = reader.nextPart();
    assertThat(first.body().read()).isEqualTo('a');
    MultipartPart second = reader.nextPart();

    assertThat(first.body().read()).isEqualTo(-1);
    assertThat(second.name()).isEqualTo("b");
    assertThat(second.body().readAllBytes()).containsExactly('b');
    assertThat(reader.nextPart()).isNull();
  }

  /**
   * Content built from fragments of the delimiter, line breaks, dashes and random bytes, in parts
   * larger than the buffer, read through random read sizes: every byte must come out as it went in.
   */
  @Test
  void content_that_resembles_delimiters_survives_byte_for_byte() throws IOException {
    for (int seed = 0; seed < 60; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      String boundary = "----Bnd" + Long.toHexString(random.nextLong());
      List<byte[]> contents = new ArrayList<>();
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      int parts = 1 + random.nextInt(4);
      for (int p = 0; p < parts; p++) {
        byte[] content;
        do {
          content = nastyContent(random, boundary, seed % 3 == 0 ? 200_000 : 3_000);
        } while (containsRealDelimiter(content, boundary));
        contents.add(content);
        body.writeBytes(
            ("--"
                    + boundary
                    + "\r\nContent-Disposition: form-data; name=\"p"
                    + p
                    + "\"; filename=\"f.bin\"\r\n\r\n")
                .getBytes(ISO_8859_1));
        body.writeBytes(content);
        body.writeBytes("\r\n".getBytes(ISO_8859_1));
      }
      body.writeBytes(("--" + boundary + "--\r\n").getBytes(ISO_8859_1));

      InputStream in =
          new Trickle(
              new ByteArrayInputStream(body.toByteArray()), random, 1 + random.nextInt(100_000));
      MultipartReader reader = new MultipartReader(in, boundary, MultipartLimits.defaults());
      for (byte[] expected : contents) {
        MultipartPart part = reader.nextPart();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        if (random.nextBoolean()) {
          part.body().transferTo(got);
        } else {
          byte[] chunk = new byte[1 + random.nextInt(5000)];
          int n;
          while ((n = part.body().read(chunk, 0, 1 + random.nextInt(chunk.length))) != -1) {
            got.write(chunk, 0, n);
          }
        }
        assertThat(java.util.Arrays.equals(got.toByteArray(), expected))
            .as(
                "seed %d: content of %d bytes came out as %d bytes",
                seed, expected.length, got.size())
            .isTrue();
      }
      assertThat(reader.nextPart()).isNull();
    }
  }

  private static byte[] nastyContent(
      SplittableRandom random, String boundary, int approximateSize) {
    byte[] delimiter = ("\r\n--" + boundary).getBytes(ISO_8859_1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (out.size() < approximateSize) {
      switch (random.nextInt(7)) {
        case 0 -> out.write(delimiter, 0, random.nextInt(delimiter.length)); // a proper prefix
        case 1 -> { // the whole delimiter followed by something that is not a valid tail
          out.writeBytes(delimiter);
          out.write("x-\t ".charAt(random.nextInt(4)));
          out.write('y');
        }
        case 2 -> out.writeBytes(("--" + boundary).getBytes(ISO_8859_1)); // not after CRLF
        case 3 -> out.write('\r');
        case 4 -> out.write('\n');
        case 5 -> out.write('-');
        default -> {
          byte[] noise = new byte[random.nextInt(3000)];
          random.nextBytes(noise);
          out.writeBytes(noise);
        }
      }
    }
    byte[] bytes = out.toByteArray();
    // a "delimiter + x" fragment would be legitimate content, but a content that *ends* with a
    // delimiter prefix followed by our CRLF could form a real delimiter: end with a plain byte
    return java.util.Arrays.copyOf(bytes, bytes.length + 1);
  }

  /** A naive reference: does {@code content} hold a delimiter with a valid tail (RFC 2046)? */
  private static boolean containsRealDelimiter(byte[] content, String boundary) {
    byte[] d = ("\r\n--" + boundary).getBytes(ISO_8859_1);
    for (int i = 0; i + d.length <= content.length; i++) {
      if (!java.util.Arrays.equals(content, i, i + d.length, d, 0, d.length)) {
        continue;
      }
      int t = i + d.length;
      if (t + 1 < content.length && content[t] == '-' && content[t + 1] == '-') {
        return true;
      }
      while (t < content.length && (content[t] == ' ' || content[t] == '\t')) {
        t++;
      }
      if (t + 1 < content.length && content[t] == '\r' && content[t + 1] == '\n') {
        return true;
      }
    }
    return false;
  }

  private static List<Seen> readAll(InputStream in, String boundary, int maxParts)
      throws IOException {
    MultipartReader reader = new MultipartReader(in, boundary, new MultipartLimits(maxParts, 8192));
    List<Seen> seen = new ArrayList<>();
    MultipartPart part;
    while ((part = reader.nextPart()) != null) {
      String field = part.name() + part.fileName().map(f -> ";file=" + f).orElse("");
      seen.add(new Seen(field, new String(part.body().readAllBytes(), ISO_8859_1)));
    }
    return seen;
  }

  private static String everyByte() {
    byte[] all = new byte[256];
    for (int i = 0; i < 256; i++) {
      all[i] = (byte) i;
    }
    return new String(all, ISO_8859_1);
  }

  private static String utf8AsLatin1(String s) {
    return new String(s.getBytes(UTF_8), ISO_8859_1);
  }

  /** Returns at most a random 1..max bytes per read, like a slow network. */
  static final class Trickle extends FilterInputStream {
    private final SplittableRandom random;
    private final int max;

    Trickle(InputStream in, SplittableRandom random, int max) {
      super(in);
      this.random = random;
      this.max = max;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return super.read(b, off, Math.min(len, 1 + random.nextInt(max)));
    }
  }
}
