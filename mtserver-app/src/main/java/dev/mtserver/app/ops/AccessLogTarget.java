package dev.mtserver.app.ops;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/** Where the access log goes: nowhere, a file, or a stream the command line owns (stdout). */
public sealed interface AccessLogTarget {

  /** No access log ({@code --access-log off}). */
  record Off() implements AccessLogTarget {}

  /**
   * Appended to a file ({@code --access-log FILE}), created if missing; reopened when log rotation
   * moves it away.
   */
  record ToFile(Path file) implements AccessLogTarget {
    public ToFile {
      Objects.requireNonNull(file, "file");
    }
  }

  /**
   * Written to a stream that stays open after the server stops, such as stdout. Nothing is written
   * before {@code ready} opens, so whatever the stream's owner prints first (the listening line)
   * comes first.
   */
  record ToStream(OutputStream out, CountDownLatch ready) implements AccessLogTarget {
    public ToStream {
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(ready, "ready");
    }
  }

  static AccessLogTarget off() {
    return new Off();
  }
}
