package dev.mtserver.transport.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The kernel's own figures for one TCP connection, from {@code ss -ti} (iproute2, Linux). */
final class SocketStats {

  private SocketStats() {}

  /** {@code ss -tinH} for the server's end of the loopback connection from {@code clientPort}. */
  static String serverSide(int serverPort, int clientPort)
      throws IOException, InterruptedException {
    return ss("established", "( sport = :" + serverPort + " and dport = :" + clientPort + " )");
  }

  /**
   * {@code ss -tinH} for the client's end of a loopback connection the server has closed and the
   * client not yet ({@code CLOSE-WAIT}).
   */
  static String clientSideAfterServerClosed(int clientPort)
      throws IOException, InterruptedException {
    return ss("close-wait", "( sport = :" + clientPort + " )");
  }

  /** {@code ss -tinH state STATE FILTER}: the kernel's TCP figures of the matching sockets. */
  private static String ss(String state, String filter) throws IOException, InterruptedException {
    Process ss =
        new ProcessBuilder("ss", "-tinH", "state", state, filter).redirectErrorStream(true).start();
    String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ss.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ss.exitValue()).as("ss (iproute2) must be installed: %s", out).isZero();
    return out;
  }

  /** The number after {@code name:} in {@code stats}, e.g. {@code mss} or {@code data_segs_out}. */
  static long number(String name, String stats) {
    Matcher m = Pattern.compile("\\b" + name + ":(\\d+)").matcher(stats);
    assertThat(m.find()).as("%s in: %s", name, stats).isTrue();
    return Long.parseLong(m.group(1));
  }
}
