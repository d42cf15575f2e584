package dev.mtserver.storage.archfixture;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/** Deliberately bad: cryptography outside the TLS and credentials adapters. */
public class StorageUsesBouncyCastle {
  public boolean check(String hash, char[] password) {
    return OpenBSDBCrypt.checkPassword(hash, password);
  }
}
