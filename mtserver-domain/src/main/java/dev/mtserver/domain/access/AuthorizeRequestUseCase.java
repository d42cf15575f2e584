package dev.mtserver.domain.access;

import dev.mtserver.domain.store.StoreUnavailableException;

/**
 * Inbound port: may this request go on? Asked for every request, from its head alone, before any of
 * its body is read.
 */
public interface AuthorizeRequestUseCase {

  /**
   * Decides about {@code attempt}. Checks credentials only when the request needs them (a slow hash
   * is never paid by a request that needs none), and clears the password once checked.
   *
   * @throws StoreUnavailableException when the identity store cannot answer now (503)
   */
  AccessDecision decide(AccessAttempt attempt) throws StoreUnavailableException;

  /** Whether any request needs credentials at all (an identity store is configured). */
  boolean identitiesConfigured();
}
