package dev.mtserver.app.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The command's stdout writer as an {@link OutputStream} for the access log, so that the start-up
 * lines and the access log share one stream and keep their order. The access log writes only
 * printable ASCII and LF, so bytes map to characters one to one.
 */
final class PrintWriterOutputStream extends OutputStream {

  private final PrintWriter out;

  PrintWriterOutputStream(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void write(int b) {
    out.write(b & 0xff);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    out.write(new String(b, off, len, StandardCharsets.ISO_8859_1));
  }

  /** Flushes; a stdout that is gone (a closed pipe) is reported, so lost lines are noticed. */
  @Override
  public void flush() throws IOException {
    out.flush();
    if (out.checkError()) {
      throw new IOException("stdout is closed");
    }
  }

  /** Leaves stdout open. */
  @Override
  public void close() throws IOException {
    flush();
  }
}
