package dev.mtserver.domain.script;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Objects;

/**
 * One end of the client's connection.
 *
 * @param address the IP address as text, such as {@code 127.0.0.1} or {@code ::1} (no brackets)
 * @param port the TCP port
 */
public record Endpoint(String address, int port) {

  public Endpoint {
    Objects.requireNonNull(address, "address");
    checkArgument(port >= 0 && port <= 65535, "port must be 0..65535");
  }
}
