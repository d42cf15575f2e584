package dev.mtserver.domain.access;

import dev.mtserver.domain.store.StoreUnavailableException;

/**
 * Outbound port: is this the password of this user? The domain decides which requests need
 * credentials; an adapter knows where users and their password hashes are kept (an {@code htpasswd}
 * file, a directory service) and how to check them.
 *
 * <p>What an implementation must provide:
 *
 * <ul>
 *   <li><b>The same cost for every wrong answer.</b> An unknown user takes as long as a known user
 *       with a wrong password, so that timing does not tell which names exist; comparisons of
 *       hashes take constant time.
 *   <li><b>No copies.</b> The password is not kept, logged or put in an exception; the caller may
 *       clear its array after the call.
 *   <li><b>Thread safety.</b> Worker threads call it concurrently; a check may take milliseconds
 *       (deliberately slow hashes), so callers keep it off paths that need no credentials.
 * </ul>
 *
 * <p>What it may assume: {@code user} and {@code password} are what the client sent, decoded but
 * not trusted (any length the request head allowed, any characters but controls).
 */
public interface CheckCredentialsPort {

  /**
   * Tells whether {@code password} is {@code user}'s current password.
   *
   * @return whether {@code password} is {@code user}'s current password
   * @throws StoreUnavailableException when the store behind the port cannot answer now (a local
   *     file never does: it answers from what it last read)
   */
  boolean check(String user, char[] password) throws StoreUnavailableException;
}
