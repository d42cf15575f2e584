package dev.mtserver.transport.tls;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the server's key and certificates come from: PEM files ({@link PemFiles}) or a PKCS#12
 * keystore ({@link Pkcs12File}). {@link CertificateReloader} watches {@link #files()} and calls
 * {@link #load()} again when one of them changes.
 */
public interface KeyMaterialSource {

  /**
   * Reads and checks the material: every call reads the files afresh.
   *
   * @throws TlsMaterialException with a message for the operator when the files cannot be served
   */
  KeyMaterial load() throws TlsMaterialException;

  /** The files {@link #load()} reads, as configured (links are followed when they are read). */
  List<Path> files();

  /** A short description for logs and the banner, such as {@code cert.pem + key.pem}. */
  String description();
}
