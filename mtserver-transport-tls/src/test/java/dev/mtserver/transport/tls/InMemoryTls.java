package dev.mtserver.transport.tls;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * Real TLS handshakes without a socket: a JSSE client engine and the server's engine pass their
 * records through two in-memory buffers. Everything JSSE decides (protocol, suite, ALPN, the
 * certificate, hostname verification, resumption) happens as over a network.
 */
final class InMemoryTls {

  /** A client that trusts exactly {@code anchors} and checks the host name as HTTPS does. */
  static SSLContext clientTrusting(X509Certificate... anchors) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    for (int i = 0; i < anchors.length; i++) {
      trust.setCertificateEntry("anchor-" + i, anchors[i]);
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  /** A client engine for {@code host}, with HTTPS hostname verification on. */
  static SSLEngine client(SSLContext context, String host, int port, ClientOptions options) {
    SSLEngine engine = context.createSSLEngine(host, port);
    engine.setUseClientMode(true);
    SSLParameters parameters = engine.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    if (options.protocols != null) {
      parameters.setProtocols(options.protocols.toArray(String[]::new));
    }
    if (options.cipherSuites != null) {
      parameters.setCipherSuites(options.cipherSuites.toArray(String[]::new));
    }
    if (options.applicationProtocols != null) {
      parameters.setApplicationProtocols(options.applicationProtocols.toArray(String[]::new));
    }
    engine.setSSLParameters(parameters);
    return engine;
  }

  /** What a test client offers; {@code null} keeps the JDK client's default. */
  record ClientOptions(
      List<String> protocols, List<String> cipherSuites, List<String> applicationProtocols) {
    static ClientOptions defaults() {
      return new ClientOptions(null, null, null);
    }

    ClientOptions protocols(String... protocols) {
      return new ClientOptions(List.of(protocols), cipherSuites, applicationProtocols);
    }

    ClientOptions cipherSuites(String... suites) {
      return new ClientOptions(protocols, List.of(suites), applicationProtocols);
    }

    ClientOptions alpn(String... offered) {
      return new ClientOptions(protocols, cipherSuites, List.of(offered));
    }
  }

  /** Two engines joined by buffers, counting the bytes the server sent. */
  static final class Connection {
    final SSLEngine client;
    final SSLEngine server;
    private final ByteBuffer toServer;
    private final ByteBuffer toClient;
    private final ByteBuffer clientIn;
    private final ByteBuffer serverIn;
    long serverBytes;

    Connection(SSLEngine client, SSLEngine server) {
      this.client = client;
      this.server = server;
      int packet =
          Math.max(
              client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
      int app =
          Math.max(
              client.getSession().getApplicationBufferSize(),
              server.getSession().getApplicationBufferSize());
      toServer = ByteBuffer.allocate(packet * 4);
      toClient = ByteBuffer.allocate(packet * 4);
      clientIn = ByteBuffer.allocate(app * 4);
      serverIn = ByteBuffer.allocate(app * 4);
    }

    /**
     * Runs the handshake to the end, including TLS 1.3's session tickets.
     *
     * @throws SSLException the first side's failure
     */
    Connection handshake() throws SSLException {
      client.beginHandshake();
      server.beginHandshake();
      for (int step = 0; step < 1_000; step++) {
        boolean moved = pump(client, toServer, false);
        moved |= deliver(toServer, server, serverIn);
        moved |= pump(server, toClient, true);
        moved |= deliver(toClient, client, clientIn);
        if (!moved && done(client) && done(server)) {
          return this;
        }
      }
      throw new AssertionError("the handshake did not finish");
    }

    /** Sends {@code text} from the client and returns what the server application reads. */
    String clientSends(String text) throws SSLException {
      ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (out.hasRemaining()) {
        client.wrap(out, toServer);
      }
      deliver(toServer, server, serverIn);
      serverIn.flip();
      String read = StandardCharsets.UTF_8.decode(serverIn).toString();
      serverIn.clear();
      return read;
    }

    private static boolean done(SSLEngine engine) {
      HandshakeStatus status = engine.getHandshakeStatus();
      return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }

    private boolean pump(SSLEngine engine, ByteBuffer network, boolean isServer)
        throws SSLException {
      boolean moved = false;
      while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
        int before = network.position();
        SSLEngineResult result = engine.wrap(ByteBuffer.allocate(0), network);
        runTasks(engine);
        int produced = network.position() - before;
        if (isServer) {
          serverBytes += produced;
        }
        if (produced == 0 && result.getStatus() != SSLEngineResult.Status.OK) {
          break;
        }
        moved |= produced > 0;
        if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
          break;
        }
      }
      return moved;
    }

    private static boolean deliver(ByteBuffer network, SSLEngine engine, ByteBuffer application)
        throws SSLException {
      network.flip();
      boolean moved = false;
      try {
        while (network.hasRemaining()) {
          SSLEngineResult result = engine.unwrap(network, application);
          runTasks(engine);
          if (result.bytesConsumed() == 0) {
            break;
          }
          moved = true;
        }
      } finally {
        network.compact();
      }
      return moved;
    }

    private static void runTasks(SSLEngine engine) {
      for (Runnable task = engine.getDelegatedTask();
          task != null;
          task = engine.getDelegatedTask()) {
        task.run();
      }
    }
  }
}
