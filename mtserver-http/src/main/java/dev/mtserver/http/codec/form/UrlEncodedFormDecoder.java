package dev.mtserver.http.codec.form;

import com.google.common.collect.ImmutableList;
import dev.mtserver.http.codec.HttpProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes an {@code application/x-www-form-urlencoded} body as it streams in (the WHATWG URL
 * standard's parser, made strict).
 *
 * <p>Pairs are separated by {@code &}, a name from its value by the first {@code =} (a pair
 * without one has the empty value), {@code +} is a space, and {@code %XX} is one byte. The bytes
 * of each name and value are then decoded as UTF-8. Strictness, where WHATWG is lenient: a
 * {@code %} not followed by two hex digits, bytes that are not UTF-8, or a raw control character
 * (CR, LF, TAB, NUL, ...) are a 400; more than {@link FormLimits#maxBytes} bytes or {@link
 * FormLimits#maxParameters} pairs is a 413. Empty pairs ({@code a=1&&b=2}) are skipped, as
 * browsers do. Repeated names are kept, in order.
 *
 * <p>The body is read in small blocks; memory is bounded by {@code maxBytes}. One decoder per
 * body; not thread-safe.
 */
public final class UrlEncodedFormDecoder {

  private static final int READ_BYTES = 8192;

  private final FormLimits limits;
  private final ImmutableList.Builder<FormParameter> parameters = ImmutableList.builder();
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private byte[] field = new byte[64];
  private int fieldLength;
  /** Where the value starts in {@link #field}, or -1 while still in the name. */
  private int valueStart = -1;
  /** 0 outside an escape; 1 after '%'; 2 after '%' and one hex digit. */
  private int escapeState;
  private int escapeHigh;
  private int count;
  private long total;

  private UrlEncodedFormDecoder(FormLimits limits) {
    this.limits = limits;
  }

  /** Reads {@code body} to its end and returns its pairs in order. */
  public static ImmutableList<FormParameter> decode(InputStream body, FormLimits limits)
      throws IOException, HttpProtocolException {
    UrlEncodedFormDecoder decoder = new UrlEncodedFormDecoder(limits);
    byte[] block = new byte[READ_BYTES];
    int n;
    while ((n = body.read(block, 0, block.length)) != -1) {
      decoder.feed(block, n);
    }
    return decoder.finish();
  }

  /** Decodes a body already in memory, such as a query string's bytes. */
  public static ImmutableList<FormParameter> decode(byte[] body, FormLimits limits)
      throws HttpProtocolException {
    UrlEncodedFormDecoder decoder = new UrlEncodedFormDecoder(limits);
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
      if (escapeState != 0) {
        int digit = Character.digit(b, 16);
        if (digit < 0) {
          throw bad("Bad percent-encoding in form data");
        }
        if (escapeState == 1) {
          escapeHigh = digit;
          escapeState = 2;
        } else {
          append((byte) (escapeHigh << 4 | digit));
          escapeState = 0;
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
        case '%' -> escapeState = 1;
        default -> {
          if (b < 0x20 || b == 0x7f) {
            throw bad("Control character in form data");
          }
          append((byte) b);
        }
      }
    }
  }

  private ImmutableList<FormParameter> finish() throws HttpProtocolException {
    if (escapeState != 0) {
      throw bad("Bad percent-encoding in form data");
    }
    endPair();
    return parameters.build();
  }

  private void append(byte b) {
    if (fieldLength == field.length) {
      field = Arrays.copyOf(field, field.length * 2); // bounded: total bytes are capped
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
  }

  private String utf8(int from, int to) throws HttpProtocolException {
    try {
      return utf8.decode(ByteBuffer.wrap(field, from, to - from)).toString();
    } catch (CharacterCodingException e) {
      throw bad("Form data is not UTF-8");
    }
  }

  private static HttpProtocolException bad(String reason) {
    return new HttpProtocolException(400, reason);
  }
}
