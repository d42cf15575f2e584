package dev.mtserver.transport.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;

/**
 * Everything a listener needs to speak TLS, built once at start: the key material from its source,
 * a {@link ReloadingKeyManager} serving it, an {@link SSLContext} with the session settings, the
 * {@link TlsPolicy} parameters, and a {@link CertificateReloader} watching the files. The transport
 * asks it for a server-side {@link SSLSocket} or {@link SSLEngine} per connection; everything above
 * the transport sees plain bytes.
 */
public final class ServerTls implements AutoCloseable {

  private final KeyMaterialSource source;
  private final ReloadingKeyManager keyManager;
  private final SSLContext context;
  private final SSLParameters parameters;
  private final CertificateReloader reloader;

  private ServerTls(
      KeyMaterialSource source,
      ReloadingKeyManager keyManager,
      SSLContext context,
      CertificateReloader reloader) {
    this.source = source;
    this.keyManager = keyManager;
    this.context = context;
    this.parameters = TlsPolicy.serverParameters(context);
    this.reloader = reloader;
  }

  /**
   * Loads the material and, when {@code settings} asks for it, starts watching its files on a
   * thread from {@code reloadThreads}.
   *
   * @throws TlsMaterialException when the files cannot be served: the server must not start
   */
  public static ServerTls start(
      KeyMaterialSource source, TlsSettings settings, ThreadFactory reloadThreads)
      throws TlsMaterialException {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(settings, "settings");
    FileVersions versions = CertificateReloader.currentVersions(source);
    ReloadingKeyManager keyManager = new ReloadingKeyManager(source.load());
    SSLContext context = newContext(keyManager, settings);
    CertificateReloader reloader = new CertificateReloader(source, keyManager, versions);
    if (!settings.reloadInterval().isZero()) {
      reloader.start(reloadThreads, settings.reloadInterval());
    }
    return new ServerTls(source, keyManager, context, reloader);
  }

  private static SSLContext newContext(ReloadingKeyManager keyManager, TlsSettings settings) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      // no trust managers: the server asks for no client certificates
      context.init(new KeyManager[] {keyManager}, null, null);
      SSLSessionContext sessions = context.getServerSessionContext();
      sessions.setSessionCacheSize(settings.sessionCacheSize());
      sessions.setSessionTimeout((int) settings.sessionTimeout().toSeconds());
      return context;
    } catch (GeneralSecurityException e) {
      // Every JDK has a TLS SSLContext; failing here means a broken java.security configuration.
      throw new IllegalStateException("the JDK cannot create a TLS context: " + e.getMessage(), e);
    }
  }

  /**
   * Puts TLS on an accepted connection: a server-side socket with the policy's parameters, over
   * {@code accepted}, that first replays {@code alreadyRead} (the bytes read to tell a TLS client
   * from plain HTTP, {@link PlainHttpDetector}). The handshake starts at the first read or write,
   * or at {@link SSLSocket#startHandshake()}. Closing it closes {@code accepted}.
   */
  public SSLSocket serverSocket(Socket accepted, InputStream alreadyRead) throws IOException {
    SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket(accepted, alreadyRead, true);
    socket.setSSLParameters(parameters);
    return socket;
  }

  /** A server-side engine with the policy's parameters, for a transport that drives its own I/O. */
  public SSLEngine serverEngine(String peerHost, int peerPort) {
    SSLEngine engine = context.createSSLEngine(peerHost, peerPort);
    engine.setUseClientMode(false);
    engine.setSSLParameters(parameters);
    return engine;
  }

  /**
   * The context, for a transport that needs its factories. Its own defaults are not the policy's.
   */
  public SSLContext context() {
    return context;
  }

  /** A copy of the parameters every connection gets. */
  public SSLParameters parameters() {
    return TlsPolicy.serverParameters(context);
  }

  /** The key and chain new handshakes get, for the banner ({@link KeyMaterial#fingerprint()}). */
  public KeyMaterial current() {
    return keyManager.current();
  }

  /** Where the material comes from. */
  public KeyMaterialSource source() {
    return source;
  }

  /** Checks the files now, on this thread, as the watcher does every interval. */
  public CertificateReloader.Outcome reloadNow() {
    return reloader.check();
  }

  /** Stops watching the files. Connections and their sessions are not affected. */
  @Override
  public void close() {
    reloader.close();
  }
}
