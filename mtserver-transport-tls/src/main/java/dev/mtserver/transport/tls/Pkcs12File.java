package dev.mtserver.transport.tls;

import dev.mtserver.grammar.StrictUtf8;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A PKCS#12 keystore ({@code .p12}, {@code .pfx}) holding one private key and its certificate
 * chain, opened with a password. The JDK reads the format; a keystore with several keys is refused
 * rather than guessed at, and the chain is served in the order the keystore stores it (leaf first,
 * as {@code openssl pkcs12 -export} and {@code keytool} write it).
 *
 * <p>The password comes from a file ({@link #readPassword(Path)}) or from the environment; this
 * object keeps its own copy, which {@link CertificateReloader} needs to open the file again.
 */
public final class Pkcs12File implements KeyMaterialSource {

  private final Path file;
  private final char[] password;

  /**
   * @param password copied; the caller may clear its array afterwards
   */
  public Pkcs12File(Path file, char[] password) {
    this.file = Objects.requireNonNull(file, "file");
    this.password = password.clone();
  }

  /**
   * Reads a password file as {@code --tls-keystore-password-file} names it: UTF-8, the first line,
   * without its line ending (the way {@code echo secret > file} and secret stores write it).
   */
  public static char[] readPassword(Path passwordFile) throws TlsMaterialException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(passwordFile);
    } catch (NoSuchFileException e) {
      throw new TlsMaterialException(
          "the keystore password file " + passwordFile + " does not exist", e);
    } catch (AccessDeniedException e) {
      throw new TlsMaterialException(
          "the keystore password file "
              + passwordFile
              + " cannot be read by this user: check its permissions",
          e);
    } catch (IOException e) {
      throw new TlsMaterialException(
          "cannot read the keystore password file " + passwordFile + ": " + e, e);
    }
    char[] chars;
    try {
      chars =
          StrictUtf8.decodeSecret(bytes)
              .orElseThrow(
                  () ->
                      new TlsMaterialException(
                          "the keystore password file " + passwordFile + " is not UTF-8 text"));
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
    int end = 0;
    while (end < chars.length && chars[end] != '\n' && chars[end] != '\r') {
      end++;
    }
    char[] password = Arrays.copyOf(chars, end);
    Arrays.fill(chars, '\0');
    return password;
  }

  @Override
  public KeyMaterial load() throws TlsMaterialException {
    KeyStore store = open();
    try {
      List<String> keyAliases = new ArrayList<>();
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias)) {
          keyAliases.add(alias);
        }
      }
      if (keyAliases.isEmpty()) {
        throw new TlsMaterialException(
            "the keystore "
                + file
                + " holds no private key: export it"
                + " with 'openssl pkcs12 -export -in fullchain.pem -inkey privkey.pem -out "
                + file
                + "'");
      }
      if (keyAliases.size() > 1) {
        throw new TlsMaterialException(
            "the keystore "
                + file
                + " holds "
                + keyAliases.size()
                + " private keys ("
                + String.join(", ", keyAliases)
                + "); MTServer serves one: keep"
                + " only the server's");
      }
      String alias = keyAliases.get(0);
      Key key = store.getKey(alias, password);
      if (!(key instanceof PrivateKey privateKey)) {
        throw new TlsMaterialException(
            "the entry '" + alias + "' of " + file + " is not a private key");
      }
      Certificate[] stored = store.getCertificateChain(alias);
      if (stored == null || stored.length == 0) {
        throw new TlsMaterialException(
            "the key '" + alias + "' in " + file + " has no certificate chain");
      }
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate certificate : stored) {
        if (!(certificate instanceof X509Certificate x509)) {
          throw new TlsMaterialException(
              "the keystore " + file + " holds a certificate that is not X.509");
        }
        chain.add(x509);
      }
      KeyPairCheck.requireLeafMatches(privateKey, chain, file.toString());
      return new KeyMaterial(privateKey, chain);
    } catch (UnrecoverableKeyException e) {
      throw wrongPassword(e);
    } catch (GeneralSecurityException e) {
      throw new TlsMaterialException(
          "cannot read the key in the keystore " + file + ": " + e.getMessage(), e);
    }
  }

  private KeyStore open() throws TlsMaterialException {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      return store;
    } catch (NoSuchFileException e) {
      throw new TlsMaterialException("the keystore " + file + " does not exist", e);
    } catch (AccessDeniedException e) {
      throw new TlsMaterialException(
          "the keystore " + file + " cannot be read by this user: check its permissions", e);
    } catch (IOException e) {
      // The JDK reports a wrong password as an IOException caused by an UnrecoverableKeyException.
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw wrongPassword(e);
      }
      throw new TlsMaterialException(
          "cannot read the keystore "
              + file
              + ": it is not a PKCS#12 file"
              + " or is damaged ("
              + e.getMessage()
              + ")",
          e);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new TlsMaterialException("cannot read the keystore " + file + ": " + e.getMessage(), e);
    }
  }

  private TlsMaterialException wrongPassword(Exception cause) {
    return new TlsMaterialException(
        "the password does not open the keystore "
            + file
            + " (or the file is damaged): check --tls-keystore-password-file or"
            + " MTSERVER_TLS_KEYSTORE_PASSWORD",
        cause);
  }

  @Override
  public List<Path> files() {
    return List.of(file);
  }

  @Override
  public String description() {
    return file.toString();
  }

  @Override
  public String toString() {
    return "Pkcs12File[" + file + "]";
  }
}
