/**
 * Credentials from an Apache {@code htpasswd} file: the adapter behind the domain's {@link
 * dev.mtserver.domain.access.CheckCredentialsPort}.
 *
 * <p>Entry type: {@link dev.mtserver.auth.htpasswd.HtpasswdCredentials} ({@code load(file)}, then
 * {@code check(user, password)}; {@code start(threadFactory, interval)} re-reads the file when it
 * changes). {@code HtpasswdFile} parses one version of the file, {@code HashFormats} decides which
 * hashes are accepted (bcrypt, SHA-256/512-crypt) and which are refused with advice (MD5, SHA-1,
 * DES, plain text), {@code PasswordHash} checks a password in constant time, and {@code ShaCrypt}
 * implements SHA-crypt from its specification, since no allowed library does. bcrypt is
 * BouncyCastle's {@code OpenBSDBCrypt}, used as a library. Decisions: {@code
 * docs/adr/0032-tls-material-and-htpasswd.md}.
 *
 * <p>What must not live here: which requests need credentials (the domain's policy), the {@code
 * Authorization} header (the HTTP codec's), rate limits, threads of its own (the watcher's thread
 * comes from the caller's factory).
 */
package dev.mtserver.auth.htpasswd;
