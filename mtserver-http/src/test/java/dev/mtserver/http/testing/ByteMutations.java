package dev.mtserver.http.testing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Valid inputs broken a few edits at a time, the way a mutation fuzzer breaks them: a byte
 * inserted, deleted or replaced (often by one that matters to the grammar), a token of the grammar
 * inserted, a stretch duplicated, the input cut short.
 */
public final class ByteMutations {

  private record Edit(int kind, double where, double length, byte value, int token) {}

  private ByteMutations() {}

  /**
   * {@code bases} with up to {@code maxEdits} edits each.
   *
   * @param interesting bytes that mean something to the grammar under test (CR, LF, ';', ...)
   * @param tokens short strings of that grammar to splice in ("\r\n", "--boundary", "0x", ...)
   */
  public static Arbitrary<byte[]> of(
      Arbitrary<byte[]> bases, byte[] interesting, List<String> tokens, int maxEdits) {
    Arbitrary<Byte> values =
        Arbitraries.oneOf(
            Arbitraries.of(boxed(interesting)),
            Arbitraries.of(boxed(interesting)),
            Arbitraries.bytes());
    Arbitrary<Edit> edit =
        Combinators.combine(
                Arbitraries.integers().between(0, 6),
                Arbitraries.doubles().between(0, 1),
                Arbitraries.doubles().between(0, 1),
                values,
                Arbitraries.integers().between(0, tokens.size() - 1))
            .as(Edit::new);
    return Combinators.combine(bases, edit.list().ofMinSize(1).ofMaxSize(maxEdits))
        .as(
            (base, edits) -> {
              byte[] bytes = base;
              for (Edit e : edits) {
                bytes = apply(bytes, e, tokens);
              }
              return bytes;
            });
  }

  private static byte[] apply(byte[] bytes, Edit e, List<String> tokens) {
    int at = (int) Math.min(bytes.length, Math.floor(e.where() * (bytes.length + 1)));
    int span = (int) Math.min(bytes.length - at, Math.floor(e.length() * 16));
    return switch (e.kind()) {
      case 0 -> splice(bytes, at, 0, new byte[] {e.value()});
      case 1 -> splice(bytes, at, Math.min(1, bytes.length - at), new byte[0]);
      case 2 -> at < bytes.length ? splice(bytes, at, 1, new byte[] {e.value()}) : bytes;
      case 3 -> splice(bytes, at, 0, tokens.get(e.token()).getBytes(ISO_8859_1));
      case 4 -> splice(bytes, at, 0, Arrays.copyOfRange(bytes, at, at + span)); // duplicate
      case 5 -> splice(bytes, at, span, new byte[0]); // delete a stretch
      default -> Arrays.copyOf(bytes, at); // cut short
    };
  }

  static byte[] splice(byte[] bytes, int at, int remove, byte[] insert) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + insert.length);
    out.write(bytes, 0, at);
    out.write(insert, 0, insert.length);
    out.write(bytes, at + remove, bytes.length - at - remove);
    return out.toByteArray();
  }

  private static Byte[] boxed(byte[] bytes) {
    Byte[] boxed = new Byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      boxed[i] = bytes[i];
    }
    return boxed;
  }
}
