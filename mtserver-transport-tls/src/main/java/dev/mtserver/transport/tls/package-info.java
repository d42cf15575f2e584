/**
 * TLS material and policy for the transport: everything a listener needs before it can speak TLS,
 * and nothing about sockets, threads of its own, or HTTP.
 *
 * <p>Entry type: {@link dev.mtserver.transport.tls.ServerTls}, started from a {@link
 * dev.mtserver.transport.tls.KeyMaterialSource} — {@link dev.mtserver.transport.tls.PemFiles}
 * (certificate chain and private key as certbot and {@code openssl} write them), {@link
 * dev.mtserver.transport.tls.Pkcs12File}, or the stored self-signed {@link
 * dev.mtserver.transport.tls.DevelopmentCertificate} — and {@link
 * dev.mtserver.transport.tls.TlsSettings}. It serves the material through a {@link
 * dev.mtserver.transport.tls.ReloadingKeyManager}, applies {@link
 * dev.mtserver.transport.tls.TlsPolicy} (TLS 1.3 and 1.2, forward-secret AEAD suites, ALPN {@code
 * http/1.1}) to every server-side socket or engine it makes, and lets a {@link
 * dev.mtserver.transport.tls.CertificateReloader} swap in renewed files without a restart. {@link
 * dev.mtserver.transport.tls.PlainHttpDetector} tells a plain HTTP request on the TLS port from a
 * handshake. Decisions: {@code docs/adr/0032-tls-material-and-htpasswd.md}.
 *
 * <p>BouncyCastle parses PEM and builds certificates here and nowhere else in the transport; it is
 * used as a library and never installed as a JCA provider, so the JDK's own providers do every
 * handshake. The only thread is the reloader's, made by the factory the caller hands in.
 */
package dev.mtserver.transport.tls;
