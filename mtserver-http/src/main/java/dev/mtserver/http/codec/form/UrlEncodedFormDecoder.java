package dev.mtserver.http.codec.form;

import com.google.common.collect.ImmutableList;
import dev.mtserver.grammar.PercentDecoder;
import dev.mtserver.grammar.PercentDecoder.MalformedEscapeException;
import dev.mtserver.grammar.StrictUtf8;
import dev.mtserver.http.codec.HttpProtocolException;
import dev.mtserver.http.memory.MemoryBudget;
import dev.mtserver.http.memory.MemoryLease;
import dev.mtserver.http.memory.RequestMemoryExhaustedException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Decodes an {@code application/x-www-form-urlencoded} body as it streams in (the WHATWG URL
 * standard's parser, made strict).
 *
 * <p>Pairs are separated by {@code &}, a name from its value by the first {@code =} (a pair without
 * one has the empty value), {@code +} is a space, and {@code %XX} is one byte. The bytes of each
 * name and value are then decoded as UTF-8. Strictness, where WHATWG is lenient: a {@code %} not
 * followed by two hex digits, bytes that are not UTF-8, or a raw control character (CR, LF, TAB,
 * NUL, ...) are a 400; more than {@link FormLimits#maxBytes} bytes or {@link
 * FormLimits#maxParameters} pairs is a 413. Empty pairs ({@code a=1&&b=2}) are skipped, as browsers
 * do. Repeated names are kept, in order.
 *
 * <p>The body is read in 8 KiB blocks. Memory is bounded per body by {@code maxBytes} and across
 * the server by the {@link MemoryLease} given: every block read reserves {@link
 * MemoryBudget#TEXT_BYTE_COST} bytes per byte before it is decoded, and a body the budget cannot
 * take in stops with {@link RequestMemoryExhaustedException} (answered 503). A field's buffer grows
 * by doubling, but never past the body's declared length (nor {@code maxBytes}), and a buffer grown
 * past {@value #KEPT_FIELD_BYTES} bytes is dropped once its field is decoded, so one large field
 * neither rounds up to twice its size nor stays for the fields after it. Names and values become
 * strings directly from their UTF-8 bytes, once checked. One decoder per body; not thread-safe.
 */
public final class UrlEncodedFormDecoder {

  private static final int READ_BYTES = 8192;
  private static final int INITIAL_FIELD_BYTES = 64;

  /** A field buffer larger than this is dropped after its field: most fields are short. */
  static final int KEPT_FIELD_BYTES = 8192;

  private final FormLimits limits;

  /** The longest a field can be: the body's declared length, or the limit. */
  private final long maxFieldBytes;

  private final ImmutableList.Builder<FormParameter> parameters = ImmutableList.builder();
  private byte[] field = new byte[INITIAL_FIELD_BYTES];
  private int fieldLength;

  /** Where the value starts in {@link #field}, or -1 while still in the name. */
  private int valueStart = -1;

  /** Escapes may straddle two blocks: the decoder keeps its place between them. */
  private final PercentDecoder percent = new PercentDecoder();

  private int count;
  private long total;

  private UrlEncodedFormDecoder(FormLimits limits, long declaredLength) {
    this.limits = limits;
    this.maxFieldBytes =
        declaredLength >= 0 ? Math.min(declaredLength, limits.maxBytes()) : limits.maxBytes();
  }

  /** Reads {@code body} to its end and returns its pairs in order, with no memory budget. */
  public static ImmutableList<FormParameter> decode(InputStream body, FormLimits limits)
      throws IOException, HttpProtocolException {
    return decode(body, limits, MemoryBudget.unbounded().lease(), -1);
  }

  /**
   * Reads {@code body} to its end and returns its pairs in order, reserving the memory it takes
   * from {@code memory} as it reads (the caller closes the lease once it no longer needs the
   * pairs).
   *
   * @param declaredLength the body's Content-Length, or -1 when it has none (chunked)
   * @throws RequestMemoryExhaustedException when the server's request-memory budget cannot take the
   *     next block in
   */
  public static ImmutableList<FormParameter> decode(
      InputStream body, FormLimits limits, MemoryLease memory, long declaredLength)
      throws IOException, HttpProtocolException {
    memory.reserve(READ_BYTES);
    UrlEncodedFormDecoder decoder = new UrlEncodedFormDecoder(limits, declaredLength);
    byte[] block = new byte[READ_BYTES];
    int n;
    while ((n = body.read(block, 0, block.length)) != -1) {
      memory.reserve((long) MemoryBudget.TEXT_BYTE_COST * n);
      decoder.feed(block, n);
    }
    return decoder.finish();
  }

  /** Decodes a body already in memory, such as a query string's bytes. */
  public static ImmutableList<FormParameter> decode(byte[] body, FormLimits limits)
      throws HttpProtocolException {
    UrlEncodedFormDecoder decoder = new UrlEncodedFormDecoder(limits, body.length);
    decoder.feed(body, body.length);
    return decoder.finish();
  }

  private void feed(byte[] block, int length) throws HttpProtocolException {
    total += length;
    if (total > limits.maxBytes()) {
      throw new HttpProtocolException(413, "Form data too large");
    }
    for (int i = 0; i < length; i++) {
      int b = block[i] & 0xff;
      if (b == '%' || percent.inEscape()) {
        if (accept(b)) {
          append((byte) percent.decoded());
        }
        continue;
      }
      switch (b) {
        case '&' -> endPair();
        case '=' -> {
          if (valueStart < 0) {
            valueStart = fieldLength;
          } else {
            append((byte) '=');
          }
        }
        case '+' -> append((byte) ' ');
        default -> {
          if (b < 0x20 || b == 0x7f) {
            throw bad("Control character in form data");
          }
          append((byte) b);
        }
      }
    }
  }

  private boolean accept(int b) throws HttpProtocolException {
    try {
      return percent.accept(b);
    } catch (MalformedEscapeException e) {
      throw bad("Bad percent-encoding in form data");
    }
  }

  private ImmutableList<FormParameter> finish() throws HttpProtocolException {
    if (percent.inEscape()) {
      throw bad("Bad percent-encoding in form data");
    }
    endPair();
    return parameters.build();
  }

  private void append(byte b) {
    if (fieldLength == field.length) {
      // doubling, but never past the longest a field of this body can be (an over-long body is
      // refused by feed() before its bytes get here)
      field =
          Arrays.copyOf(
              field, (int) Math.max(fieldLength + 1L, Math.min(2L * field.length, maxFieldBytes)));
    }
    field[fieldLength++] = b;
  }

  private void endPair() throws HttpProtocolException {
    if (fieldLength == 0 && valueStart < 0) {
      return; // "a=1&&b=2" or a trailing '&'
    }
    if (++count > limits.maxParameters()) {
      throw new HttpProtocolException(413, "Too many form fields");
    }
    int nameEnd = valueStart < 0 ? fieldLength : valueStart;
    String name = utf8(0, nameEnd);
    String value = valueStart < 0 ? "" : utf8(valueStart, fieldLength);
    parameters.add(new FormParameter(name, value));
    fieldLength = 0;
    valueStart = -1;
    if (field.length > KEPT_FIELD_BYTES) {
      field = new byte[INITIAL_FIELD_BYTES];
    }
  }

  private String utf8(int from, int to) throws HttpProtocolException {
    return StrictUtf8.decode(field, from, to).orElseThrow(() -> bad("Form data is not UTF-8"));
  }

  private static HttpProtocolException bad(String reason) {
    return new HttpProtocolException(400, reason);
  }
}
