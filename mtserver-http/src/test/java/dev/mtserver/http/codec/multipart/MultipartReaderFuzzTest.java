package dev.mtserver.http.codec.multipart;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import dev.mtserver.http.codec.MalformedBodyException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever bytes arrive, the reader either yields parts or throws {@link MalformedBodyException}
 * (400/413): never another exception, never a hang. The bytes are built from the pieces a multipart
 * body is made of, so the fuzzing reaches deep into headers, delimiters and padding.
 */
class MultipartReaderFuzzTest {

  private static final String B = "bNd";
  private static final List<String> PIECES =
      List.of(
          "--bNd",
          "\r\n--bNd",
          "--bNd--",
          "\r\n",
          "\r",
          "\n",
          "--",
          " ",
          "\t",
          "-",
          "Content-Disposition: form-data; name=\"a\"",
          "Content-Disposition: form-data; name=\"f\"; filename=\"x\"",
          "Content-Disposition: form-data",
          "filename*=UTF-8''%E2%82%AC",
          "Content-Type: text/plain",
          ":",
          ";",
          "\"",
          "\\",
          "=",
          "x",
          "\u0000",
          "\u00ff",
          "bNd");

  @Provide
  Arbitrary<byte[]> bodies() {
    Arbitrary<String> piece = Arbitraries.of(PIECES);
    Arbitrary<String> noise = Arbitraries.strings().ofMaxLength(20);
    return Arbitraries.oneOf(piece, piece, piece, noise)
        .list()
        .ofMaxSize(60)
        .map(pieces -> String.join("", pieces).getBytes(ISO_8859_1));
  }

  @Property(tries = 3000)
  void any_bytes_give_parts_or_a_multipart_error(@ForAll("bodies") byte[] body, @ForAll long seed)
      throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    MultipartReader reader =
        new MultipartReader(
            new MultipartReaderTest.Trickle(
                new ByteArrayInputStream(body), random, 1 + random.nextInt(8)),
            B,
            new MultipartLimits(5, 256));
    try {
      MultipartPart part;
      int parts = 0;
      while ((part = reader.nextPart()) != null) {
        part.name();
        part.fileName();
        if (random.nextBoolean()) {
          part.body().transferTo(new ByteArrayOutputStream());
        }
        if (++parts > 5) {
          throw new AssertionError("more parts than the limit allows");
        }
      }
    } catch (MalformedBodyException expected) {
      if (expected.status() != 400 && expected.status() != 413) {
        throw new AssertionError("unexpected status " + expected.status());
      }
    }
  }
}
