package dev.mtserver.app.upload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mtserver.app.testing.RawHttpClient;
import dev.mtserver.app.testing.RunningJar;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outcome 2, memory stays flat: the real jar with a 64 MiB heap stores a 512 MiB upload (eight
 * times its heap), streamed from a generator, and the stored file has the same SHA-256.
 */
class LargeUploadIT {

  private static final long SIZE = 512L * 1024 * 1024;

  @TempDir Path dir;

  @Test
  void a_512_mib_upload_under_a_64_mib_heap_is_stored_byte_for_byte() throws Exception {
    try (RunningJar jar =
        RunningJar.start(
            dir,
            List.of("-Xmx64m"),
            "--port",
            "0",
            "--root",
            "public",
            "--data",
            "data",
            "--max-upload-size",
            "1g")) {
      URI url = jar.awaitUrl(Duration.ofSeconds(30));
      MultipartBody body = new MultipartBody();
      byte[] head =
          ("--"
                  + body.boundary
                  + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
                  + "Content-Type: application/octet-stream\r\n\r\n")
              .getBytes(UTF_8);
      byte[] tail = ("\r\n--" + body.boundary + "--\r\n").getBytes(UTF_8);
      GeneratedPayload payload = new GeneratedPayload(SIZE, 42);
      String sent;
      RawHttpClient.Response response;
      try (RawHttpClient http = RawHttpClient.connect(url, Duration.ofMinutes(2))) {
        http.send(
            RawHttpClient.request(
                "POST",
                "/upload",
                "Content-Type: " + body.contentType(),
                "Content-Length: " + (head.length + SIZE + tail.length),
                "Accept: application/json"));
        OutputStream out = new BufferedOutputStream(http.output(), 256 * 1024);
        out.write(head);
        sent = payload.writeTo(out);
        out.write(tail);
        out.flush();
        response = http.readResponse();
      }

      assertThat(response.status()).as("stderr: %s", jar.stderr()).isEqualTo(201);
      assertThat(new String(response.body(), UTF_8)).contains("\"size\":" + SIZE);
      Path stored = dir.resolve("public/downloads/big.bin");
      assertThat(Files.size(stored)).isEqualTo(SIZE);
      assertThat(sha256(stored)).isEqualTo(sent);
      assertThat(jar.stderr()).noneMatch(line -> line.contains("OutOfMemoryError"));
    }
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = GeneratedPayload.sha256();
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
