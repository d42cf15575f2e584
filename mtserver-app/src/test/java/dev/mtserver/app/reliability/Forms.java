package dev.mtserver.app.reliability;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.mtserver.app.testing.RawHttpClient;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Request bodies as browsers send them, and the hashes to check what the server stored. */
final class Forms {

  static final String BOUNDARY = "----MTServerReliability7MA4YWxkTrZu0gW";
  static final String MULTIPART = "multipart/form-data; boundary=" + BOUNDARY;
  static final String URLENCODED = "application/x-www-form-urlencoded";

  private Forms() {}

  /** A multipart body with one text field {@code id} and one file. */
  static byte[] upload(String id, String fileName, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 512);
    out.writeBytes(
        ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n" + id + "\r\n")
            .getBytes(UTF_8));
    out.writeBytes(
        ("--"
                + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(UTF_8));
    out.writeBytes(content);
    out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(UTF_8));
    return out.toByteArray();
  }

  /** The head of a POST of {@code body} with {@code contentType}. */
  static String post(String path, String contentType, int length, String... more) {
    String[] fields = new String[more.length + 2];
    fields[0] = "Content-Type: " + contentType;
    fields[1] = "Content-Length: " + length;
    System.arraycopy(more, 0, fields, 2, more.length);
    return RawHttpClient.request("POST", path, fields);
  }

  /** Random bytes, the same for the same seed: with CRs, LFs and dashes, like any binary file. */
  static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new SplittableRandom(seed).nextBytes(bytes);
    return bytes;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
